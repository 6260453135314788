package dev.clipshare.core.internal;

import java.security.SecureRandom;
import java.util.Base64;

/** One shared {@link SecureRandom} and base64url helpers. No compatibility promise. */
public final class Randoms {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Randoms() {}

    public static SecureRandom secureRandom() {
        return RANDOM;
    }

    /** {@code bytes} random bytes from {@link SecureRandom}, base64url without padding. */
    public static String base64Url(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return URL.encodeToString(b);
    }

    public static String encode(byte[] bytes) {
        return URL.encodeToString(bytes);
    }

    public static byte[] decode(String s) {
        return Base64.getUrlDecoder().decode(s);
    }
}
