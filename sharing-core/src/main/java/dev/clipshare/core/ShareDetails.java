package dev.clipshare.core;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A share as its managers see it: the stored settings (never the password hash) plus what is
 * derived from them at the moment of asking — whether it has expired or is locked, the status
 * of its target's export, and its URLs. The media URLs come from the same {@link Playback} rule
 * the share page and the viewer's status JSON use, so every surface names the same export version.
 *
 * <p>Built by {@link Sharing}; immutable and thread-safe. {@link #toString()} leaves out the token
 * and every URL (they open the share).
 */
public final class ShareDetails {
    private final Share share;
    private final ShareToken token;
    private final boolean expired;
    private final Instant lockedUntil;
    private final ExportStatus exportStatus;
    private final Export export;
    private final String pageUrl;
    private final Playback playback;
    private final SignedUrl download;

    ShareDetails(Share share, ShareToken token, Instant now, ExportStatus exportStatus, Export export,
                 String pageUrl, Playback playback, SignedUrl download) {
        this.share = Objects.requireNonNull(share, "share");
        this.token = Objects.requireNonNull(token, "token");
        this.expired = share.isExpiredAt(now);
        this.lockedUntil = share.lockedUntilAt(now).orElse(null);
        this.exportStatus = exportStatus;
        this.export = export;
        this.pageUrl = pageUrl;
        this.playback = playback;
        this.download = download;
    }

    /** Stable id. */
    public ShareId id() {
        return share.id();
    }

    /** The link's token (a secret: its {@code toString} is redacted). */
    public ShareToken token() {
        return token;
    }

    /** The owning library. */
    public String libraryId() {
        return share.libraryId();
    }

    /** What the link opens. */
    public Target target() {
        return share.target();
    }

    public Visibility visibility() {
        return share.visibility();
    }

    /** The title, or {@code null}. */
    public String title() {
        return share.title();
    }

    /** The description, or {@code null}. */
    public String description() {
        return share.description();
    }

    /** The host's metadata. */
    public Map<String, String> metadata() {
        return share.metadata();
    }

    /** Whether a password protects it. */
    public boolean hasPassword() {
        return share.hasPassword();
    }

    /** Whether viewers may download. */
    public boolean allowDownload() {
        return share.allowDownload();
    }

    /** The expiry, or {@code null}. */
    public Instant expiresAt() {
        return share.expiresAt();
    }

    /** Whether the expiry has passed. */
    public boolean expired() {
        return expired;
    }

    /** The revocation time, or {@code null}. */
    public Instant revokedAt() {
        return share.revokedAt();
    }

    /** The end of a running lockout, or {@code null}. */
    public Instant lockedUntil() {
        return lockedUntil;
    }

    /** Page views by real viewers. */
    public long viewCount() {
        return share.viewCount();
    }

    /** The creator (id and name). */
    public Principal createdBy() {
        return share.createdBy();
    }

    public Instant createdAt() {
        return share.createdAt();
    }

    /** The last settings change. */
    public Instant updatedAt() {
        return share.updatedAt();
    }

    /**
     * The status of what the link serves: {@code COMPLETED} when any export of the target
     * completed, else the newest job's status, or {@code null} when there is none.
     */
    public ExportStatus exportStatus() {
        return exportStatus;
    }

    /** The export served (when completed) or the newest job, or {@code null}. */
    public Export export() {
        return export;
    }

    /** The share page, {@code null} once revoked. */
    public String pageUrl() {
        return pageUrl;
    }

    /** The media URLs of the export served, when one is served and the link is live. */
    public Optional<Playback> playback() {
        return Optional.ofNullable(playback);
    }

    /** The thumbnail when an export is served ({@code sig}ned for private and password-protected shares). */
    public String thumbnailUrl() {
        return playback == null ? null : playback.thumbnailUrl();
    }

    /** The HLS playlist (or the MP4 when the export has none) when an export is served. */
    public String streamUrl() {
        return playback == null ? null : playback.streamUrl();
    }

    /** When a signed {@link #streamUrl()} stops working, {@code null} if unsigned. */
    public Instant streamUrlExpiresAt() {
        return playback == null ? null : playback.expiresAt().orElse(null);
    }

    /** A short-lived signed download URL when downloads are allowed, or {@code null}. */
    public String downloadUrl() {
        return download == null ? null : download.url();
    }

    /** Its expiry. */
    public Instant downloadUrlExpiresAt() {
        return download == null ? null : download.expiresAt();
    }

    public boolean isRevoked() {
        return share.revokedAt() != null;
    }

    public boolean isLocked() {
        return lockedUntil != null;
    }

    private Object[] values() {
        return new Object[] {share, token.value(), expired, lockedUntil, exportStatus, export, pageUrl,
                thumbnailUrl(), streamUrl(), streamUrlExpiresAt(), downloadUrl(), downloadUrlExpiresAt()};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShareDetails d && Arrays.equals(values(), d.values());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values());
    }

    @Override
    public String toString() {
        return "ShareDetails[id=" + id() + ", target=" + target() + ", visibility=" + visibility().wireName()
                + ", hasPassword=" + hasPassword() + ", allowDownload=" + allowDownload() + ", expiresAt=" + expiresAt()
                + ", revokedAt=" + revokedAt() + ", viewCount=" + viewCount() + ", exportStatus=" + exportStatus
                + ", urls=redacted]";
    }
}
