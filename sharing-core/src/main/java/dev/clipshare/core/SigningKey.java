package dev.clipshare.core;

import dev.clipshare.core.internal.Randoms;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An HMAC-SHA256 key for grants and signed URLs, with an id that travels in every signature so
 * keys can rotate: sign with the newest, keep verifying with the previous ones until their
 * signatures have expired.
 *
 * <pre>{@code
 * SigningKey current = SigningKey.fromBase64("k2", System.getenv("CLIPSHARE_SIGNING_KEY_K2"));
 * SigningKey previous = SigningKey.fromBase64("k1", System.getenv("CLIPSHARE_SIGNING_KEY_K1"));
 * builder.signingKeys(current, previous);
 * }</pre>
 *
 * {@link #toString()} never prints the secret.
 */
public final class SigningKey {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,16}");

    private final String id;
    private final byte[] secret;

    /**
     * @param id     1..16 characters of {@code A-Z a-z 0-9 _ -}
     * @param secret at least 32 bytes of key material (copied)
     */
    public SigningKey(String id, byte[] secret) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("signing key id must be 1..16 characters of A-Z a-z 0-9 _ -, was '" + id + "'");
        }
        Objects.requireNonNull(secret, "secret");
        if (secret.length < 32) {
            throw new IllegalArgumentException("signing key " + id + " has " + secret.length + " bytes; at least 32 are required");
        }
        this.id = id;
        this.secret = secret.clone();
    }

    /** A key from standard or URL-safe base64 text. */
    public static SigningKey fromBase64(String id, String base64) {
        Objects.requireNonNull(base64, "signing key " + id + " is missing");
        return new SigningKey(id, decode(base64.strip()));
    }

    /** A new random 256-bit key (for tests and first-start set-ups that store it). */
    public static SigningKey generate(String id) {
        return new SigningKey(id, Randoms.decode(Randoms.base64Url(32)));
    }

    public String id() {
        return id;
    }

    /** A copy of the key material. */
    public byte[] secret() {
        return secret.clone();
    }

    /** The key material as base64url, for storing a generated key. */
    public String toBase64() {
        return Randoms.encode(secret);
    }

    static byte[] decode(String base64) {
        try {
            return base64.indexOf('-') >= 0 || base64.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(base64) : Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key is not valid base64");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey k && k.id.equals(id) && Arrays.equals(k.secret, secret);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "SigningKey[" + id + ", redacted]";
    }
}
