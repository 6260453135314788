package dev.clipshare.servlet.viewer;

import dev.clipshare.core.Sharing;
import dev.clipshare.core.Target;
import dev.clipshare.core.VerifiedGrant;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's example of a host's own endpoint for people who opened a share link: the comments
 * on the shared clip, for holders of a valid grant only. The client got the grant from
 * {@code POST /s/{token}/grant} and sends it as {@code Authorization: Bearer <grant_token>}.
 *
 * <p>The grant alone says which clip: the request names none, so a grant for one link can never
 * read another video's comments. {@link Sharing#verifyGrant} refuses a forged, tampered or expired
 * grant, and one whose link was revoked, deleted, expired or given a new password since.
 */
public final class ShareCommentsServlet extends HttpServlet {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One comment, as the host stores it. */
    public record Comment(String author, String text) { }

    private final transient Sharing sharing;
    private final transient Function<Target, List<Comment>> comments;

    /**
     * @param sharing  the host's facade
     * @param comments the host's comments of a video (here: of a share's target)
     */
    public ShareCommentsServlet(Sharing sharing, Function<Target, List<Comment>> comments) {
        this.sharing = sharing;
        this.comments = comments;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        Optional<VerifiedGrant> grant = sharing.verifyGrant(bearer(request));
        if (grant.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"share\"");
            return;
        }
        response.setContentType("application/json");
        JSON.writeValue(response.getOutputStream(), Map.of("comments", comments.apply(grant.get().target())));
    }

    private static String bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.startsWith("Bearer ") ? header.substring("Bearer ".length()) : null;
    }
}
