package dev.clipshare.spring.boot;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Spring Security's answer to an anonymous call of the management API, in the shape the API
 * gives its own problems (RFC 9457): status 401, {@code Content-Type: application/problem+json},
 * {@code Cache-Control: no-store} and
 *
 * <pre>{@code
 * {"type":"https://clipshare.dev/problems/unauthorized","title":"Sign-in required","status":401,
 *  "detail":"sign in to use the sharing API"}
 * }</pre>
 *
 * with a {@code WWW-Authenticate} challenge. It writes the body itself (no error page dispatch,
 * no session). Thread-safe.
 */
public final class ProblemJsonEntryPoint implements AuthenticationEntryPoint {
    /** The problem's type URI, the one the API uses for its own 401s. */
    public static final String TYPE = "https://clipshare.dev/problems/unauthorized";
    private static final byte[] BODY = ("{\"type\":\"" + TYPE + "\",\"title\":\"Sign-in required\",\"status\":401,"
            + "\"detail\":\"sign in to use the sharing API\"}").getBytes(StandardCharsets.UTF_8);

    private final String challenge;

    /**
     * @param challenge the {@code WWW-Authenticate} value, e.g. {@code Basic realm="clipshare"}
     */
    public ProblemJsonEntryPoint(String challenge) {
        this.challenge = Objects.requireNonNull(challenge, "challenge");
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refusal)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", challenge);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentType("application/problem+json");
        response.setContentLength(BODY.length);
        response.getOutputStream().write(BODY);
    }
}
