package dev.clipshare.servlet.internal.viewer;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CSRF protection for the unlock form without server state (so it works across nodes): a
 * random secret lives in a {@code __Host-} cookie ({@link Cookies#CSRF}); the form carries
 * {@code HMAC-SHA256(secret, "unlock\n" + token)}. A cross-site page can neither read the cookie
 * nor set one with that prefix, so it cannot forge the field; the field is bound to one share.
 * Thread-safe.
 */
public final class Csrf {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");

    private Csrf() { }

    /** A fresh 256-bit secret for the cookie. */
    public static String newSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Whether a cookie value has the shape of a secret we issued. */
    public static boolean isSecret(String value) {
        return value != null && SECRET.matcher(value).matches();
    }

    /** The form field for this secret and token. */
    public static String field(String secret, String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            byte[] d = mac.doFinal(("unlock\n" + token).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the posted field matches the cookie for this token (constant time). */
    public static boolean verify(String cookieSecret, String field, String token) {
        if (!isSecret(cookieSecret) || field == null || field.length() != 43) {
            return false;
        }
        byte[] expected = field(cookieSecret, token).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, field.getBytes(StandardCharsets.US_ASCII));
    }
}
