package dev.clipshare.core;

import java.time.Instant;
import java.util.Map;

/**
 * A share as its managers see it: the stored settings (never the password hash) plus what is
 * derived from them at the moment of asking — whether it has expired or is locked, the status
 * of its target's export, and its URLs (re-derived from the sealed token).
 *
 * @param id                   stable id
 * @param token                the link's token (a secret: its {@code toString} is redacted)
 * @param libraryId            owning library
 * @param target               what it opens
 * @param visibility           public or private
 * @param title                title or {@code null}
 * @param description          description or {@code null}
 * @param metadata             host metadata
 * @param hasPassword          whether a password protects it
 * @param allowDownload        whether viewers may download
 * @param expiresAt            expiry or {@code null}
 * @param expired              whether the expiry has passed
 * @param revokedAt            revocation time or {@code null}
 * @param lockedUntil          end of a running lockout or {@code null}
 * @param viewCount            page views by real viewers
 * @param createdBy            creator (id and name)
 * @param createdAt            creation time
 * @param updatedAt            last settings change
 * @param exportStatus         status of what the link serves: {@code COMPLETED} when any export of the
 *                             target completed, else the newest job's status, or {@code null} when none
 * @param export               the export served (when completed) or the newest job, or {@code null}
 * @param pageUrl              the share page, {@code null} once revoked
 * @param thumbnailUrl         the thumbnail when an export is served ({@code sig}ned for private shares)
 * @param streamUrl            the HLS playlist when served; signed for private shares
 * @param streamUrlExpiresAt   when a signed {@code streamUrl} stops working, {@code null} if unsigned
 * @param downloadUrl          a short-lived signed download URL when downloads are allowed, or {@code null}
 * @param downloadUrlExpiresAt its expiry
 */
public record ShareDetails(
        ShareId id,
        ShareToken token,
        String libraryId,
        Target target,
        Visibility visibility,
        String title,
        String description,
        Map<String, String> metadata,
        boolean hasPassword,
        boolean allowDownload,
        Instant expiresAt,
        boolean expired,
        Instant revokedAt,
        Instant lockedUntil,
        long viewCount,
        Principal createdBy,
        Instant createdAt,
        Instant updatedAt,
        ExportStatus exportStatus,
        Export export,
        String pageUrl,
        String thumbnailUrl,
        String streamUrl,
        Instant streamUrlExpiresAt,
        String downloadUrl,
        Instant downloadUrlExpiresAt) {

    public boolean isRevoked() {
        return revokedAt != null;
    }

    public boolean isLocked() {
        return lockedUntil != null;
    }

    /** Leaves out the token and every URL (they open the share), like {@link SignedUrl} does. */
    @Override
    public String toString() {
        return "ShareDetails[id=" + id + ", target=" + target + ", visibility=" + visibility.wireName()
                + ", hasPassword=" + hasPassword + ", allowDownload=" + allowDownload + ", expiresAt=" + expiresAt
                + ", revokedAt=" + revokedAt + ", viewCount=" + viewCount + ", exportStatus=" + exportStatus
                + ", urls=redacted]";
    }
}
