package dev.clipshare.core;

import dev.clipshare.core.internal.Checks;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One share link as a store keeps it. Hosts usually see {@link ShareDetails} instead, which adds
 * the derived facts (URLs, whether it has expired, the export status) and leaves out the
 * password hash.
 *
 * <p>The plain token is not here: only its {@link TokenHash} (for lookup) and a sealed copy
 * (AES-GCM, bound to the share id) from which the facade can re-derive the URL for the owner.
 *
 * @param id                 stable id
 * @param tokenHash          SHA-256 of the token, the lookup key
 * @param sealedToken        the token sealed with the configured sealing key
 * @param libraryId          the owning library at creation
 * @param target             what the link opens
 * @param visibility         public or private, immutable
 * @param title              optional title shown on the page and in cards
 * @param description        optional description
 * @param metadata           host-defined string pairs, never shown to viewers
 * @param passwordHash       bcrypt hash, or {@code null} when the link has no password
 * @param allowDownload      whether viewers may download the MP4
 * @param expiresAt          when the link stops working, or {@code null} for never
 * @param createdBy          who created it
 * @param createdAt          creation time
 * @param updatedAt          time of the last settings change
 * @param revokedAt          when it was revoked, or {@code null}
 * @param credentialVersion  bumped on revoke and on every password change; grants and signed
 *                           URLs carry it and die when it moves
 * @param viewCount          page views by real viewers
 * @param failedAttempts     password attempts counted towards the lockout since the last success
 * @param lockedUntil        end of the current lockout, or {@code null}
 * @param idempotencyKey     the creator's idempotency key, or {@code null}
 */
public record Share(
        ShareId id,
        TokenHash tokenHash,
        String sealedToken,
        String libraryId,
        Target target,
        Visibility visibility,
        String title,
        String description,
        Map<String, String> metadata,
        PasswordHash passwordHash,
        boolean allowDownload,
        Instant expiresAt,
        Principal createdBy,
        Instant createdAt,
        Instant updatedAt,
        Instant revokedAt,
        long credentialVersion,
        long viewCount,
        int failedAttempts,
        Instant lockedUntil,
        String idempotencyKey) {

    /** Longest title accepted. */
    public static final int MAX_TITLE = 200;
    /** Longest description accepted. */
    public static final int MAX_DESCRIPTION = 2000;
    /** Longest idempotency key accepted. */
    public static final int MAX_IDEMPOTENCY_KEY = 200;

    public Share {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(sealedToken, "sealedToken");
        Checks.identifier("library_id", libraryId, 200);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(visibility, "visibility");
        Checks.text("title", title, MAX_TITLE, false);
        Checks.text("description", description, MAX_DESCRIPTION, true);
        metadata = Metadata.copyOf(metadata);
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (credentialVersion < 0 || viewCount < 0 || failedAttempts < 0) {
            throw new IllegalArgumentException("counters must not be negative");
        }
        if (idempotencyKey != null) {
            Checks.identifier("idempotency_key", idempotencyKey, MAX_IDEMPOTENCY_KEY);
        }
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    public boolean hasPassword() {
        return passwordHash != null;
    }

    /** Whether the expiry has passed at {@code now} (an expiry equal to now counts as passed). */
    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** The end of a lockout still running at {@code now}, if any. */
    public Optional<Instant> lockedUntilAt(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil) ? Optional.of(lockedUntil) : Optional.empty();
    }

    public Optional<String> titleText() {
        return Optional.ofNullable(title);
    }

    public Optional<String> descriptionText() {
        return Optional.ofNullable(description);
    }
}
