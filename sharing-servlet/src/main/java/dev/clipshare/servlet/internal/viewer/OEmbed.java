package dev.clipshare.servlet.internal.viewer;

import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.ShareAccess;
import dev.clipshare.core.ShareLinks;
import dev.clipshare.core.ShareToken;
import dev.clipshare.core.Sharing;
import dev.clipshare.core.ViewRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code GET {prefix}/oembed?url=…}: the oEmbed answer (type {@code video}) for a public,
 * password-less, ready share of this site; the same 404 as a missing link otherwise.
 * Immutable and thread-safe.
 */
final class OEmbed {
    private static final Pattern DIGITS = Pattern.compile("[1-9][0-9]{0,17}");

    private final Sharing sharing;
    private final ViewerSettings settings;
    private final String prefix;
    private final Responses out;

    OEmbed(Sharing sharing, ViewerSettings settings, String prefix, Responses out) {
        this.sharing = sharing;
        this.settings = settings;
        this.prefix = prefix;
        this.out = out;
    }


    void answer(Exchange x) throws IOException {
        if (!x.getOrHead()) {
            out.methodNotAllowed(x, "GET, HEAD");
            return;
        }
        Query q = x.query();
        String format = q.get("format");
        if (format != null && !format.equals("json")) {
            out.plain(x, 501, "Only format=json is supported\n");
            return;
        }
        ShareLinks links = sharing.links();
        String url = q.get("url");
        String token = tokenOfPageUrl(url, links.baseUrl() + prefix + "/");
        if (token == null) {
            out.mediaNotFound(x);
            return;
        }
        ShareAccess access = sharing.resolve(new ViewRequest(token, null, null, null, x.userAgent(), ViewRequest.Purpose.STATUS)
                .withClient(settings.clientAddresses().resolve(x.req())));
        if (!(access instanceof ShareAccess.Ready r) || r.playback().signed()) {
            out.mediaNotFound(x);
            return;
        }
        ShareToken t = ShareToken.parse(token).orElseThrow();
        ExportArtifacts art = r.artifacts();
        int[] size = fit(art.width(), art.height(), positive(q.get("maxwidth")), positive(q.get("maxheight")));
        String title = r.share().title();
        String start = startOf(url);
        if (start != null && Double.parseDouble(start) * 1000 >= art.duration().toMillis()) {
            start = null;
        }
        String embed = links.embed(t) + (start != null ? "&s=" + start : "");
        String iframe = "<iframe src=\"" + attr(embed) + "\" width=\"" + size[0] + "\" height=\"" + size[1]
                + "\" frameborder=\"0\" allow=\"autoplay; fullscreen; picture-in-picture\" allowfullscreen"
                + (title != null ? " title=\"" + attr(title) + "\"" : "") + "></iframe>";
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("version", "1.0");
        o.put("type", "video");
        o.put("provider_name", settings.siteName());
        o.put("provider_url", links.baseUrl() + "/");
        if (title != null) {
            o.put("title", title);
        }
        o.put("html", iframe);
        o.put("width", size[0]);
        o.put("height", size[1]);
        o.put("thumbnail_url", links.thumbnail(t));
        // the one thumbnail has the clip's size; within maxwidth/maxheight it is announced at the
        // fitted size (the consumer scales it), as oEmbed requires the thumbnail to respect them
        o.put("thumbnail_width", size[0]);
        o.put("thumbnail_height", size[1]);
        byte[] body = HtmlSafeJson.object(o).getBytes(StandardCharsets.UTF_8);
        HttpServletResponse res = x.res();
        Responses.commonHeaders(res);
        res.setStatus(200);
        res.setContentType("application/json;charset=utf-8");
        res.setHeader("Cache-Control", "no-store");
        res.setContentLength(body.length);
        if (!x.head()) {
            res.getOutputStream().write(body);
        }
    }

    /** The token of an absolute page URL of this site ({@code base/prefix/token}, query or fragment allowed), or {@code null}. */
    static String tokenOfPageUrl(String url, String pagePrefix) {
        if (url == null || !url.startsWith(pagePrefix)) {
            return null;
        }
        String rest = url.substring(pagePrefix.length());
        int end = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        String token = rest.substring(0, end);
        return ShareToken.isWellFormed(token) ? token : null;
    }

    /** The start ({@code ?s=} or its alias {@code ?t=}) of a page URL, normalised, or {@code null}. */
    private static String startOf(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return null;
        }
        int hash = url.indexOf('#', q);
        return Query.parse(url.substring(q + 1, hash < 0 ? url.length() : hash)).start();
    }

    private static int positive(String s) {
        if (s == null || !DIGITS.matcher(s).matches() || s.length() > 5) {
            return Integer.MAX_VALUE;
        }
        return Integer.parseInt(s);
    }

    /** The largest size of the clip's aspect ratio within the bounds. */
    static int[] fit(int width, int height, int maxWidth, int maxHeight) {
        double scale = Math.min(1.0, Math.min(maxWidth / (double) width, maxHeight / (double) height));
        return new int[] {Math.max(1, (int) Math.round(width * scale)), Math.max(1, (int) Math.round(height * scale))};
    }

    private static String attr(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
