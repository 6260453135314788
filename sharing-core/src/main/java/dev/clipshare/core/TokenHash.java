package dev.clipshare.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a {@link ShareToken}, lower-case hex. Stores index shares by this value and never
 * see the token itself, so a copy of the database opens no link.
 *
 * @param hex 64 lower-case hexadecimal characters
 */
public record TokenHash(String hex) {
    private static final HexFormat HEX = HexFormat.of();
    /** One digest per thread: looking SHA-256 up among the security providers costs more than hashing a token. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    });

    public TokenHash {
        if (!isLowerHex64(hex)) {
            throw new ValidationException("token_hash", "must be 64 lower-case hex characters");
        }
    }

    private static boolean isLowerHex64(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** The lookup hash of a token. */
    public static TokenHash of(ShareToken token) {
        // digest() resets the digest, so the thread's next call starts afresh
        return new TokenHash(HEX.formatHex(SHA_256.get().digest(token.value().getBytes(StandardCharsets.US_ASCII))));
    }
}
