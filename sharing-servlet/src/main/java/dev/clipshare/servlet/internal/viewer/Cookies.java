package dev.clipshare.servlet.internal.viewer;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The viewer side's cookies, written as raw {@code Set-Cookie} headers so the attributes are
 * exactly what we say on every container. All are {@code __Host-} prefixed (Secure, Path=/, no
 * Domain: no sibling subdomain can set or shadow them) and HttpOnly.
 */
public final class Cookies {
    /** The double-submit secret behind the unlock form's CSRF token. */
    public static final String CSRF = "__Host-clipshare-csrf";
    private static final String GRANT_PREFIX = "__Host-clipshare-g-";

    private Cookies() { }

    /**
     * The grant cookie's name for a token: one cookie per share, named after a hash of the token
     * so the name reveals nothing, and so a grant stored for one share is never offered to another.
     */
    public static String grantName(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("clipshare-grant-cookie\n" + token).getBytes(StandardCharsets.US_ASCII));
            return GRANT_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The grant cookie: Max-Age as given (24 h at most), SameSite=Lax so it rides along top-level navigation. */
    public static String grant(String name, String value, long maxAgeSeconds) {
        return name + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; Secure; HttpOnly; SameSite=Lax";
    }

    /** The CSRF secret: a browser-session cookie, Strict (only our own form posts it back). */
    public static String csrf(String value) {
        return CSRF + "=" + value + "; Path=/; Secure; HttpOnly; SameSite=Strict";
    }

    /**
     * The grant cookie of {@code token}'s link, or {@code null}; a request without cookies (most
     * viewers of an open link) costs no hashing of the cookie's name.
     */
    public static String readGrant(HttpServletRequest request, String token) {
        return request.getHeader("Cookie") == null ? null : read(request, grantName(token));
    }

    /** The value of the first cookie of that name, or {@code null}. */
    public static String read(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (name.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }
}
