package dev.clipshare.core;

import dev.clipshare.core.internal.Randoms;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An AES-256 key that seals share tokens at rest (AES-GCM, bound to the share id), so owners can
 * copy a link again while a copy of the database alone opens nothing. The id is stored with each
 * sealed token so keys can rotate: seal with the newest, keep older keys for unsealing.
 *
 * {@link #toString()} never prints the key.
 */
public final class SealingKey {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,16}");

    private final String id;
    private final byte[] key;

    /**
     * @param id  1..16 characters of {@code A-Z a-z 0-9 _ -}
     * @param key exactly 32 bytes (copied)
     */
    public SealingKey(String id, byte[] key) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("sealing key id must be 1..16 characters of A-Z a-z 0-9 _ -, was '" + id + "'");
        }
        Objects.requireNonNull(key, "key");
        if (key.length != 32) {
            throw new IllegalArgumentException("sealing key " + id + " has " + key.length + " bytes; AES-256 needs exactly 32");
        }
        this.id = id;
        this.key = key.clone();
    }

    public static SealingKey fromBase64(String id, String base64) {
        Objects.requireNonNull(base64, "sealing key " + id + " is missing");
        return new SealingKey(id, SigningKey.decode(base64.strip()));
    }

    /** A new random key (for tests and first-start set-ups that store it). */
    public static SealingKey generate(String id) {
        return new SealingKey(id, Randoms.decode(Randoms.base64Url(32)));
    }

    public String id() {
        return id;
    }

    /** A copy of the key material. */
    public byte[] key() {
        return key.clone();
    }

    public String toBase64() {
        return Randoms.encode(key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealingKey k && k.id.equals(id) && Arrays.equals(k.key, key);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "SealingKey[" + id + ", redacted]";
    }
}
