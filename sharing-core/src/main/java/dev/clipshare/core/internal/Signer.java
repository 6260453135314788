package dev.clipshare.core.internal;

import dev.clipshare.core.ShareId;
import dev.clipshare.core.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless HMAC-SHA256 tokens for grants and signed URLs:
 * {@code <purpose>.<shareId>.<credentialVersion>.<exportVersion>.<expiresEpochSeconds>.<keyId>.<mac>}.
 * The MAC covers everything before it. The first key signs; all keys verify.
 *
 * <p>Thread-safe. Verification allocates little and uses one cached {@link Mac} per key per
 * thread, so it stays in the low microseconds.
 */
public final class Signer {
    /** Longest value accepted for parsing; anything longer is refused without work. */
    public static final int MAX_LENGTH = 200;
    private static final byte[] DOMAIN = "clipshare-v1\n".getBytes(StandardCharsets.US_ASCII);

    /** What a signed value may be used for. */
    public enum Purpose {
        GRANT('g'), STREAM('s'), DOWNLOAD('d');

        final char code;

        Purpose(char code) {
            this.code = code;
        }

        static Purpose of(char c) {
            for (Purpose p : values()) {
                if (p.code == c) {
                    return p;
                }
            }
            return null;
        }
    }

    /** A verified value's fields. */
    public record Signed(Purpose purpose, ShareId shareId, long credentialVersion, long exportVersion, Instant expiresAt) { }

    private final String signingKeyId;
    private final Map<String, ThreadLocal<Mac>> macs = new HashMap<>();
    private final Duration skew;

    public Signer(List<SigningKey> keys, Duration skew) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one signing key is required");
        }
        this.signingKeyId = keys.get(0).id();
        for (SigningKey key : keys) {
            byte[] secret = key.secret();
            macs.put(key.id(), ThreadLocal.withInitial(() -> newMac(secret)));
        }
        this.skew = skew;
    }

    private static Mac newMac(byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    public String sign(Purpose purpose, ShareId shareId, long credentialVersion, long exportVersion, Instant expiresAt) {
        String body = purpose.code + "." + shareId.value() + "." + credentialVersion + "." + exportVersion + "."
                + expiresAt.getEpochSecond() + "." + signingKeyId;
        return body + "." + Randoms.encode(mac(macs.get(signingKeyId).get(), body, body.length()));
    }

    /**
     * The fields of {@code value} if it is well-formed, signed by a known key, and not expired at
     * {@code now} (allowing the configured clock skew); empty otherwise. Never throws.
     */
    public Optional<Signed> verify(String value, Instant now) {
        if (value == null || value.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int[] dots = new int[6];
        int n = 0;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == '.') {
                if (n == 6) {
                    return Optional.empty();
                }
                dots[n++] = i;
            }
        }
        if (n != 6 || dots[0] != 1) {
            return Optional.empty();
        }
        Purpose purpose = Purpose.of(value.charAt(0));
        String keyId = value.substring(dots[4] + 1, dots[5]);
        ThreadLocal<Mac> mac = macs.get(keyId);
        if (purpose == null || mac == null) {
            return Optional.empty();
        }
        // Compare the MAC as text, in its one canonical spelling, not as decoded bytes: a base64
        // decoder ignores the unused low bits of the last character, so four spellings would decode
        // to the same MAC and an altered value would pass as untouched.
        byte[] expected = Randoms.encode(mac(mac.get(), value, dots[5])).getBytes(StandardCharsets.US_ASCII);
        byte[] given = value.substring(dots[5] + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            return Optional.empty();
        }
        try {
            String id = value.substring(dots[0] + 1, dots[1]);
            long credentialVersion = Long.parseLong(value, dots[1] + 1, dots[2], 10);
            long exportVersion = Long.parseLong(value, dots[2] + 1, dots[3], 10);
            long expires = Long.parseLong(value, dots[3] + 1, dots[4], 10);
            Instant expiresAt = Instant.ofEpochSecond(expires);
            if (now.minus(skew).isAfter(expiresAt)) {
                return Optional.empty();
            }
            return Optional.of(new Signed(purpose, new ShareId(id), credentialVersion, exportVersion, expiresAt));
        } catch (RuntimeException e) {
            // a MAC-valid value always parses; this only guards against a forged key
            return Optional.empty();
        }
    }

    private static byte[] mac(Mac mac, String text, int length) {
        mac.update(DOMAIN);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) text.charAt(i); // ASCII by construction; non-ASCII input simply fails the MAC
        }
        return mac.doFinal(bytes);
    }
}
