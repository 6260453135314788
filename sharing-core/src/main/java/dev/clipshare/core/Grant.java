package dev.clipshare.core;

import java.time.Instant;
import java.util.Objects;

/**
 * Proof that a viewer passed a share's checks, from {@link Sharing#unlock}. Valid until
 * {@link #expiresAt()} (24 hours by default), and dies earlier when the share is revoked,
 * deleted, or its password changes. Stateless: an HMAC over the share id, its credential
 * version, the expiry and the purpose, with a key id for rotation.
 *
 * @param value     the opaque grant string (a secret: a cookie value or bearer token)
 * @param shareId   the share it opens
 * @param expiresAt its absolute end
 * @param issuedAt  when it was issued
 */
public record Grant(String value, ShareId shareId, Instant expiresAt, Instant issuedAt) {
    public Grant {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(shareId, "shareId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }

    /** How long it lasts from its issue: the {@code Max-Age} of a cookie that carries it. */
    public java.time.Duration lifetime() {
        java.time.Duration d = java.time.Duration.between(issuedAt, expiresAt);
        return d.isNegative() ? java.time.Duration.ZERO : d;
    }

    @Override
    public String toString() {
        return "Grant[share=" + shareId + ", expiresAt=" + expiresAt + ", value=redacted]";
    }
}
