package dev.clipshare.core;

import java.util.Objects;

/**
 * A viewer's request to open a token, for {@link Sharing#resolve(ViewRequest)}.
 *
 * @param token     the token text from the URL, unchecked (a malformed one is simply missing)
 * @param viewer    the signed-in principal, or {@code null}
 * @param grant     a grant from {@link Sharing#unlock}, or {@code null}
 * @param signature a signed URL's {@code sig} value, or {@code null}
 * @param userAgent the client's {@code User-Agent}, or {@code null}
 * @param purpose   what the viewer is after
 * @param version   the export version a media URL without a signature names ({@code ?v=N}), or 0;
 *                  see {@link ShareAccess.Ready#export()} for what is served
 * @param client    the client's address (through the host's trusted proxies), or {@code null}: the
 *                  key of the per-client limits; a request without one is counted by the
 *                  service-wide probe budget only
 */
public record ViewRequest(String token, Principal viewer, String grant, String signature, String userAgent, Purpose purpose,
                          long version, String client) {

    /** What the viewer is after; decides rate limiting, view counting and which signatures count. */
    public enum Purpose {
        /** The share page: rate limited, counted as a view. */
        PAGE,
        /** A status check (JSON): rate limited, not counted. */
        STATUS,
        /** Media (MP4 ranges, HLS, thumbnail): not rate limited per request, not counted; accepts stream signatures. */
        MEDIA,
        /** The download: needs downloads allowed and a download signature. */
        DOWNLOAD
    }

    public ViewRequest {
        Objects.requireNonNull(purpose, "purpose");
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative, was " + version);
        }
    }

    /** A request that names no export version and no client. */
    public ViewRequest(String token, Principal viewer, String grant, String signature, String userAgent, Purpose purpose) {
        this(token, viewer, grant, signature, userAgent, purpose, 0, null);
    }

    /** This request, naming export version {@code v} ({@code ?v=N} of a media URL). */
    public ViewRequest withVersion(long v) {
        return new ViewRequest(token, viewer, grant, signature, userAgent, purpose, v, client);
    }

    /** This request, from the client at {@code address}. */
    public ViewRequest withClient(String address) {
        return new ViewRequest(token, viewer, grant, signature, userAgent, purpose, version, address);
    }

    public static ViewRequest page(String token) {
        return new ViewRequest(token, null, null, null, null, Purpose.PAGE);
    }

    /**
     * A page view of a host that renders its own share page: resolved like the share page
     * ({@link Purpose#PAGE}), so an {@code ok} answer counts one view, unless the user agent is a
     * link-preview crawler; rate limited like the page. Add the viewer, grant and user agent:
     *
     * <pre>{@code
     * ShareAccess access = sharing.resolve(ViewRequest.view(token)
     *         .withViewer(currentUser).withGrant(grant).withUserAgent(request.getHeader("User-Agent")));
     * }</pre>
     */
    public static ViewRequest view(String token) {
        return new ViewRequest(token, null, null, null, null, Purpose.PAGE);
    }

    public static ViewRequest of(String token, Purpose purpose) {
        return new ViewRequest(token, null, null, null, null, purpose);
    }

    public ViewRequest withViewer(Principal p) {
        return new ViewRequest(token, p, grant, signature, userAgent, purpose, version, client);
    }

    public ViewRequest withGrant(String g) {
        return new ViewRequest(token, viewer, g, signature, userAgent, purpose, version, client);
    }

    public ViewRequest withSignature(String s) {
        return new ViewRequest(token, viewer, grant, s, userAgent, purpose, version, client);
    }

    public ViewRequest withUserAgent(String ua) {
        return new ViewRequest(token, viewer, grant, signature, ua, purpose, version, client);
    }

    @Override
    public String toString() {
        return "ViewRequest[purpose=" + purpose + ", viewer=" + (viewer == null ? "-" : viewer.id())
                + ", grant=" + (grant == null ? "-" : "present") + ", signature=" + (signature == null ? "-" : "present") + "]";
    }
}
