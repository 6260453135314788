package dev.clipshare.core;

import dev.clipshare.core.internal.Checks;
import dev.clipshare.core.internal.Randoms;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The secret in a share URL ({@code /s/<token>}): 192 bits from {@link SecureRandom}, encoded as
 * 32 base64url characters. Anyone holding it can open the share (subject to its password,
 * visibility and expiry), so it is a secret: {@link #toString()} never prints it, stores keep
 * only its {@link #hash()} and a sealed copy.
 *
 * <pre>{@code
 * ShareToken token = ShareToken.generate();
 * String url = "https://video.example.com/s/" + token.value();
 * TokenHash lookup = token.hash();
 * }</pre>
 *
 * @param value exactly 32 base64url characters
 */
public record ShareToken(String value) {
    /** Characters in a token. */
    public static final int LENGTH = 32;
    private static final int BYTES = 24;

    public ShareToken {
        if (!isWellFormed(value)) {
            // never echo the value: it may be a real token with a typo
            throw new ValidationException("token", "a share token is exactly 32 characters of A-Z a-z 0-9 - _");
        }
    }

    /** A fresh token of 192 random bits. */
    public static ShareToken generate() {
        return generate(Randoms.secureRandom());
    }

    /** A fresh token of 192 bits from the given generator. */
    public static ShareToken generate(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new ShareToken(Randoms.encode(bytes));
    }

    /** The token if {@code text} has the shape of one; empty otherwise. Never throws, never looks anything up. */
    public static Optional<ShareToken> parse(CharSequence text) {
        return isWellFormed(text) ? Optional.of(new ShareToken(text.toString())) : Optional.empty();
    }

    /** Whether {@code text} has the shape of a token: 32 base64url characters. */
    public static boolean isWellFormed(CharSequence text) {
        return Checks.isBase64Url(text, LENGTH, LENGTH);
    }

    /** The SHA-256 lookup hash stores index by. */
    public TokenHash hash() {
        return TokenHash.of(this);
    }

    @Override
    public String toString() {
        return "ShareToken[redacted]";
    }
}
