package dev.clipshare.core.internal;

import dev.clipshare.core.SealingKey;
import dev.clipshare.core.ShareId;
import dev.clipshare.core.ShareToken;
import dev.clipshare.core.StorageException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals share tokens with AES-256-GCM: {@code <keyId>.<base64url(iv || ciphertext+tag)>}, the
 * share id as associated data, so a sealed token copied onto another row does not open. The
 * first key seals; every key unseals. Thread-safe.
 */
public final class TokenSealer {
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    private final String sealingKeyId;

    public TokenSealer(List<SealingKey> sealingKeys) {
        if (sealingKeys.isEmpty()) {
            throw new IllegalArgumentException("at least one sealing key is required");
        }
        for (SealingKey k : sealingKeys) {
            keys.put(k.id(), new SecretKeySpec(k.key(), "AES"));
        }
        sealingKeyId = sealingKeys.get(0).id();
    }

    public String seal(ShareToken token, ShareId shareId) {
        try {
            byte[] iv = new byte[IV_BYTES];
            Randoms.secureRandom().nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(sealingKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(shareId));
            byte[] sealed = cipher.doFinal(token.value().getBytes(StandardCharsets.US_ASCII));
            return sealingKeyId + "." + Randoms.encode(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by every Java platform", e);
        }
    }

    /**
     * The token sealed in {@code sealed} for {@code shareId}.
     *
     * @throws StorageException when the value was sealed with an unknown key, for another share,
     *                          or was altered
     */
    public ShareToken unseal(String sealed, ShareId shareId) {
        int dot = sealed.indexOf('.');
        SecretKeySpec key = dot > 0 ? keys.get(sealed.substring(0, dot)) : null;
        if (key == null) {
            throw new StorageException("share " + shareId + " was sealed with a key that is not configured");
        }
        try {
            byte[] all = Randoms.decode(sealed.substring(dot + 1));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            cipher.updateAAD(aad(shareId));
            byte[] plain = cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
            return new ShareToken(new String(plain, StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new StorageException("sealed token of share " + shareId + " does not open with the configured key");
        }
    }

    private static byte[] aad(ShareId shareId) {
        return ("clipshare-token|" + shareId.value()).getBytes(StandardCharsets.US_ASCII);
    }
}
