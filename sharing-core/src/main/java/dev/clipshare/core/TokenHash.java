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

    public TokenHash {
        if (hex == null || hex.length() != 64 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new ValidationException("token_hash", "must be 64 lower-case hex characters");
        }
    }

    /** The lookup hash of a token. */
    public static TokenHash of(ShareToken token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return new TokenHash(HEX.formatHex(sha.digest(token.value().getBytes(StandardCharsets.US_ASCII))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
