package dev.clipshare.servlet.internal.viewer;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;

/**
 * Where a viewer's grant comes from on a request, first match wins:
 * <ol>
 *   <li>the {@value #PARAM} query parameter (for players and elements that cannot send headers:
 *       {@code <video src>}, {@code <img src>}, a download link);</li>
 *   <li>{@code Authorization: Bearer <grant>} (for {@code fetch}, mobile HTTP clients and players
 *       that take request headers);</li>
 *   <li>the share's grant cookie (set by the HTML password form).</li>
 * </ol>
 * A value that is not a valid grant for the share is simply no grant: the core verifies it, and
 * never throws for a bad one. A host whose own API tokens travel as {@code Authorization: Bearer}
 * passes grants as {@value #PARAM} instead (its token is then tried as a grant and fails, which
 * costs nothing; the host's policy still reads it to find the signed-in user).
 *
 * <p>Grants are secrets: nothing here logs them.
 */
final class Grants {
    /** The query parameter carrying a grant. */
    static final String PARAM = "grant";
    private static final String BEARER = "Bearer ";

    private Grants() { }

    /** The grant the request carries for {@code token}, or {@code null}. */
    static String of(HttpServletRequest request, Query query, String token) {
        String fromQuery = query.get(PARAM);
        if (fromQuery != null && !fromQuery.isEmpty()) {
            return fromQuery;
        }
        String bearer = bearer(request);
        if (bearer != null) {
            return bearer;
        }
        return token == null ? null : Cookies.readGrant(request, token);
    }

    /** The credentials of the first {@code Authorization: Bearer} header (scheme case-insensitive), or {@code null}. */
    static String bearer(HttpServletRequest request) {
        Enumeration<String> values = request.getHeaders("Authorization");
        if (values == null) {
            return null;
        }
        while (values.hasMoreElements()) {
            String v = values.nextElement();
            if (v != null && v.length() > BEARER.length() && v.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                String credentials = v.substring(BEARER.length()).strip();
                return credentials.isEmpty() ? null : credentials;
            }
        }
        return null;
    }
}
