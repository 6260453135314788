package dev.clipshare.core.spi;

import dev.clipshare.core.PasswordHash;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The settings a {@link ShareStore#update} writes. Only fields that are not
 * {@link Change#keep()} are written, so two concurrent updates of different fields both land.
 * Counters (views, failed attempts, lock) are never part of an update.
 *
 * @param title                 new title
 * @param description           new description
 * @param metadata              new metadata (a whole replacement)
 * @param passwordHash          new password hash, or clear to remove the password
 * @param allowDownload         new download switch (never cleared)
 * @param expiresAt             new expiry, or clear for never
 * @param bumpCredentialVersion add one to the credential version in the same write, ending
 *                              every grant and signed URL issued so far
 * @param updatedAt             the time of the change
 */
public record ShareChanges(
        Change<String> title,
        Change<String> description,
        Change<Map<String, String>> metadata,
        Change<PasswordHash> passwordHash,
        Change<Boolean> allowDownload,
        Change<Instant> expiresAt,
        boolean bumpCredentialVersion,
        Instant updatedAt) {

    public ShareChanges {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(allowDownload, "allowDownload");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (allowDownload.kind() == Change.Kind.CLEAR || metadata.kind() == Change.Kind.CLEAR) {
            throw new IllegalArgumentException("allowDownload and metadata can be set, not cleared");
        }
    }

    /** No field changed, only the update time. */
    public static ShareChanges none(Instant at) {
        return new ShareChanges(Change.keep(), Change.keep(), Change.keep(), Change.keep(), Change.keep(), Change.keep(), false, at);
    }

    public ShareChanges withTitle(Change<String> c) {
        return new ShareChanges(c, description, metadata, passwordHash, allowDownload, expiresAt, bumpCredentialVersion, updatedAt);
    }

    public ShareChanges withDescription(Change<String> c) {
        return new ShareChanges(title, c, metadata, passwordHash, allowDownload, expiresAt, bumpCredentialVersion, updatedAt);
    }

    public ShareChanges withMetadata(Change<Map<String, String>> c) {
        return new ShareChanges(title, description, c, passwordHash, allowDownload, expiresAt, bumpCredentialVersion, updatedAt);
    }

    /** Changing or removing the password also bumps the credential version. */
    public ShareChanges withPasswordHash(Change<PasswordHash> c) {
        return new ShareChanges(title, description, metadata, c, allowDownload, expiresAt, bumpCredentialVersion || !c.isKeep(), updatedAt);
    }

    public ShareChanges withAllowDownload(Change<Boolean> c) {
        return new ShareChanges(title, description, metadata, passwordHash, c, expiresAt, bumpCredentialVersion, updatedAt);
    }

    public ShareChanges withExpiresAt(Change<Instant> c) {
        return new ShareChanges(title, description, metadata, passwordHash, allowDownload, c, bumpCredentialVersion, updatedAt);
    }

    /** Whether nothing but the update time would be written. */
    public boolean isEmpty() {
        return title.isKeep() && description.isKeep() && metadata.isKeep() && passwordHash.isKeep()
                && allowDownload.isKeep() && expiresAt.isKeep() && !bumpCredentialVersion;
    }
}
