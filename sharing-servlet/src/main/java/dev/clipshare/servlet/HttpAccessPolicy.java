package dev.clipshare.servlet;

import dev.clipshare.core.Principal;
import dev.clipshare.core.Target;
import dev.clipshare.core.spi.AccessPolicy;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The one interface a host implements to embed Clipshare in a servlet application: who the user
 * of a request is (whatever the host uses: a session, a bearer token, a cookie), and, inherited
 * from {@link AccessPolicy}, which library owns a video and what role a user has there. Pass the
 * same instance to {@code Sharing.builder().accessPolicy(...)} and to the servlet filter.
 *
 * <pre>{@code
 * HttpAccessPolicy policy = new HttpAccessPolicy() {
 *     public Optional<Principal> principal(HttpServletRequest request) {
 *         HttpSession session = request.getSession(false);
 *         User user = session == null ? null : (User) session.getAttribute("user");
 *         return Optional.ofNullable(user).map(u -> new Principal(u.id(), u.name()));
 *     }
 *     public Optional<String> libraryOf(Target target) {
 *         return videos.findById(target.sourceId()).map(Video::teamId);
 *     }
 *     public Optional<Role> roleOf(Principal user, String libraryId) {
 *         return teams.role(user.id(), libraryId);
 *     }
 *     public Optional<String> loginUrl(String returnTo) {
 *         return Optional.of("/login?next=" + URLEncoder.encode(returnTo, UTF_8));
 *     }
 * };
 * }</pre>
 *
 * <p>Called on request threads, concurrently: implementations must be thread-safe and must not
 * create sessions for anonymous visitors of public share pages.
 */
public interface HttpAccessPolicy extends AccessPolicy {

    /**
     * The signed-in user making the request, or empty for an anonymous visitor. The default is the
     * container's user ({@link HttpServletRequest#getUserPrincipal()}: Spring Security, container
     * login, Jakarta Security), its name used as both id and display name; override it when the
     * host keeps its users elsewhere, or to give a display name.
     */
    default Optional<Principal> principal(HttpServletRequest request) {
        java.security.Principal user = request.getUserPrincipal();
        return user == null || user.getName() == null || user.getName().isBlank()
                ? Optional.empty() : Optional.of(Principal.of(user.getName()));
    }

    /**
     * Where to send a signed-out visitor of a private share, given the path (and query) to
     * return to afterwards; always a path on this site starting with {@code /}. Empty (the
     * default) answers such visitors with the share's not-found page instead.
     */
    default Optional<String> loginUrl(String returnTo) {
        return Optional.empty();
    }

    /**
     * A link back to the video in the host's app, shown on the share page to signed-in members of
     * the library. Empty (the default) shows no link.
     */
    default Optional<String> libraryUrl(String libraryId, Target target) {
        return Optional.empty();
    }

    /**
     * The name to show for the member who created a link ("shared by …" on the share page), or
     * empty (the default) to show none. Shown to everyone who can open the link, public links
     * included: return a name the member is happy to show to anyone.
     */
    default Optional<String> sharerName(Principal creator) {
        return Optional.empty();
    }

    /**
     * The library's name to show on its links' share pages ("shared by … · Library"), or empty
     * (the default) to show none. Shown to everyone who can open the link.
     */
    default Optional<String> libraryName(String libraryId) {
        return Optional.empty();
    }
}
