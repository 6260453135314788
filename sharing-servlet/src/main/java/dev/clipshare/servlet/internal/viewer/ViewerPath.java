package dev.clipshare.servlet.internal.viewer;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The routes under the share prefix, parsed from the <em>raw</em> request path (as sent, before
 * any decoding or normalisation by the container), so that {@code %2F}, dot segments,
 * {@code ;} parameters, backslashes and control characters cannot smuggle a request to another
 * share or to a host resource: any of them is a {@link Kind#BAD_REQUEST}, and anything that is
 * not exactly one of the routes is {@link Kind#NOT_FOUND} ({@link Kind#MEDIA_NOT_FOUND} under a media
 * route, so that media clients get one answer whatever the shape of the token).
 *
 * <pre>
 * {prefix}/oembed                    OEMBED
 * {prefix}/assets/{asset}            ASSET
 * {prefix}/{token}                   PAGE
 * {prefix}/{token}/unlock            UNLOCK
 * {prefix}/{token}/status            STATUS   (JSON)
 * {prefix}/{token}/view              VIEW     (JSON: the status, counting a view)
 * {prefix}/{token}/grant             GRANT    (JSON)
 * {prefix}/{token}/clip.mp4          CLIP
 * {prefix}/{token}/thumbnail.jpg     THUMBNAIL
 * {prefix}/{token}/download          DOWNLOAD
 * {prefix}/{token}/hls/{name}        HLS
 * </pre>
 *
 * A {@code token} here is any segment of base64url characters (at most 64); whether it has the
 * shape of a real token is the core's first check, so a malformed one ends in the same "not
 * found" as an unknown one. The two JSON routes also take a first segment that is no token at
 * all (its {@code token} is then {@code null}), so a JSON client always gets the JSON "missing"
 * answer rather than the HTML not-found page.
 *
 * @param kind  the route
 * @param token the token segment, for routes that have one
 * @param name  the asset or HLS file name, for those routes
 */
public record ViewerPath(Kind kind, String token, String name) {

    /** The routes. */
    public enum Kind {
        PAGE, UNLOCK, STATUS, VIEW, GRANT, CLIP, THUMBNAIL, DOWNLOAD, HLS, OEMBED, ASSET, NOT_FOUND,
        /** A media route ({@code clip.mp4}, {@code thumbnail.jpg}, {@code download}, {@code hls/…}) that names nothing. */
        MEDIA_NOT_FOUND,
        BAD_REQUEST
    }

    /** Longest raw path considered; longer ones are refused. */
    public static final int MAX_LENGTH = 512;

    private static final Pattern TOKENISH = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern FILE = Pattern.compile("[a-z0-9_-][a-z0-9._-]{0,63}");

    private static final ViewerPath NOT_FOUND = new ViewerPath(Kind.NOT_FOUND, null, null);
    private static final ViewerPath MEDIA_NOT_FOUND = new ViewerPath(Kind.MEDIA_NOT_FOUND, null, null);
    private static final ViewerPath BAD_REQUEST = new ViewerPath(Kind.BAD_REQUEST, null, null);

    public ViewerPath {
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * Whether a context-relative raw path belongs to the share prefix: the prefix itself or the
     * prefix followed by a separator-like character ({@code / ; % \}), so that disguised
     * variants are handled (and refused) here rather than passed to the host.
     */
    public static boolean isUnder(String rawPath, String prefix) {
        if (rawPath == null || !rawPath.startsWith(prefix)) {
            return false;
        }
        if (rawPath.length() == prefix.length()) {
            return true;
        }
        char c = rawPath.charAt(prefix.length());
        return c == '/' || c == ';' || c == '%' || c == '\\' || c < 0x20 || c == 0x7f;
    }

    /**
     * Parses a context-relative raw path that {@link #isUnder is under} {@code prefix}. A path that
     * does not even start with the prefix (the container only mapped it there after decoding or
     * normalising it) is a bad request. Never throws.
     */
    public static ViewerPath parse(String rawPath, String prefix) {
        if (rawPath == null || prefix == null || !rawPath.startsWith(prefix)) {
            return BAD_REQUEST; // reached the prefix only after the container decoded or normalised it
        }
        if (rawPath.length() > MAX_LENGTH) {
            return BAD_REQUEST;
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c < 0x21 || c >= 0x7f || c == '%' || c == ';' || c == '\\') {
                return BAD_REQUEST; // controls, spaces, non-ASCII, encodings, path parameters, backslashes
            }
        }
        String rest = rawPath.substring(prefix.length());
        if (rest.isEmpty() || rest.equals("/")) {
            return NOT_FOUND;
        }
        if (rest.charAt(0) != '/') {
            return BAD_REQUEST; // "/sx" is no path of ours; the filter only asks for paths that continue the prefix
        }
        String[] parts = rest.substring(1).split("/", -1);
        for (String p : parts) {
            if (p.isEmpty() || p.equals(".") || p.equals("..")) {
                return BAD_REQUEST; // "//", dot segments, a trailing slash
            }
        }
        String first = parts[0];
        if (parts.length == 1 && first.equals("oembed")) {
            return new ViewerPath(Kind.OEMBED, null, null);
        }
        if (first.equals("assets")) {
            return parts.length == 2 && FILE.matcher(parts[1]).matches() && !parts[1].contains("..")
                    ? new ViewerPath(Kind.ASSET, null, parts[1]) : NOT_FOUND;
        }
        if (parts.length == 2 && (parts[1].equals("status") || parts[1].equals("grant") || parts[1].equals("view"))) {
            Kind kind = switch (parts[1]) {
                case "status" -> Kind.STATUS;
                case "view" -> Kind.VIEW;
                default -> Kind.GRANT;
            };
            return new ViewerPath(kind, TOKENISH.matcher(first).matches() ? first : null, null);
        }
        if (!TOKENISH.matcher(first).matches()) {
            // a media route gets the media "not found" whatever the token segment looks like
            return isMediaRoute(parts) ? MEDIA_NOT_FOUND : NOT_FOUND;
        }
        if (parts.length == 1) {
            return new ViewerPath(Kind.PAGE, first, null);
        }
        if (parts.length == 2) {
            return switch (parts[1]) {
                case "unlock" -> new ViewerPath(Kind.UNLOCK, first, null);
                case "clip.mp4" -> new ViewerPath(Kind.CLIP, first, null);
                case "thumbnail.jpg" -> new ViewerPath(Kind.THUMBNAIL, first, null);
                case "download" -> new ViewerPath(Kind.DOWNLOAD, first, null);
                default -> NOT_FOUND;
            };
        }
        if (parts.length == 3 && parts[1].equals("hls") && FILE.matcher(parts[2]).matches() && !parts[2].contains("..")) {
            return new ViewerPath(Kind.HLS, first, parts[2]);
        }
        return isMediaRoute(parts) ? MEDIA_NOT_FOUND : NOT_FOUND;
    }

    private static boolean isMediaRoute(String[] parts) {
        return parts.length >= 2 && (parts[1].equals("clip.mp4") || parts[1].equals("thumbnail.jpg")
                || parts[1].equals("download") || parts[1].equals("hls"));
    }
}
