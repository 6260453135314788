package dev.clipshare.examples.demo;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The demo's sign-in: there are no passwords (you pick who you are), and who you are travels in
 * a cookie signed with the demo's session key, {@code <user>.<issued>.<HMAC-SHA256>}. Signed,
 * so it cannot be forged; stateless, so it survives a restart; {@code HttpOnly} and
 * {@code SameSite=Lax}, so scripts cannot read it and other sites cannot post with it. Valid for
 * 30 days. A real app has its own sign-in; what Clipshare needs from it is only
 * {@link DemoAccessPolicy#principal}.
 *
 * <p>Thread-safe.
 */
public final class SignIn {
    static final String COOKIE = "clipshare_demo_user";
    private static final Duration LIFETIME = Duration.ofDays(30);

    private final byte[] key;
    private final Clock clock;
    private final boolean secure;

    public SignIn(byte[] key, Clock clock, boolean secureCookies) {
        this.key = Objects.requireNonNull(key, "key").clone();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.secure = secureCookies;
    }

    /** The signed-in user's id, when the request carries a valid cookie. */
    public Optional<String> userId(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (COOKIE.equals(c.getName())) {
                Optional<String> id = verify(c.getValue());
                if (id.isPresent()) {
                    return id;
                }
            }
        }
        return Optional.empty();
    }

    Optional<String> verify(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split("\\.", -1);
        if (parts.length != 3 || !parts[0].matches("[a-z0-9-]{1,64}") || !parts[1].matches("\\d{1,13}")) {
            return Optional.empty();
        }
        byte[] expected = mac(parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        long issued = Long.parseLong(parts[1]);
        long now = clock.millis() / 1000;
        if (issued > now + 60 || now - issued > LIFETIME.toSeconds()) {
            return Optional.empty();
        }
        return Optional.of(parts[0]);
    }

    /** Signs {@code userId} in on this response. */
    public void signIn(HttpServletResponse response, String userId) {
        String payload = userId + "." + clock.millis() / 1000;
        response.addHeader("Set-Cookie", COOKIE + "=" + payload + "." + mac(payload) + "; Path=/; Max-Age=" + LIFETIME.toSeconds()
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
    }

    /** Ends the sign-in on this response. */
    public void signOut(HttpServletResponse response) {
        response.addHeader("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
    }

    private String mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
