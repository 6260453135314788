package dev.clipshare.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of a target's transcoded rendition: an MP4, a thumbnail and optionally an HLS
 * playlist. Versions of a target count up from 1. A link serves the highest
 * {@link ExportStatus#COMPLETED} version of its target; a failed newer version leaves the older
 * one served.
 *
 * @param id            job id
 * @param target        what was exported
 * @param version       1, 2, 3… per target
 * @param range         the time range encoded, or {@code null} for the whole source
 * @param status        pending, processing, completed or failed
 * @param progress      0..100
 * @param artifacts     facts of the finished clip, set once completed
 * @param failureReason why it failed, set once failed
 * @param attempts      how many times a worker has claimed it
 * @param leaseOwner    the worker holding it while processing
 * @param leaseUntil    when that worker's claim lapses unless renewed
 * @param createdAt     when it was requested
 * @param updatedAt     last change
 * @param completedAt   when it completed or failed
 */
public record Export(
        ExportId id,
        Target target,
        long version,
        ClipRange range,
        ExportStatus status,
        int progress,
        ExportArtifacts artifacts,
        String failureReason,
        int attempts,
        String leaseOwner,
        Instant leaseUntil,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt) {

    public Export {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, was " + version);
        }
        if (progress < 0 || progress > 100) {
            throw new IllegalArgumentException("progress must be 0..100, was " + progress);
        }
        if (status == ExportStatus.COMPLETED && artifacts == null) {
            throw new IllegalArgumentException("a completed export needs its artifacts");
        }
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative");
        }
    }

    public boolean isCompleted() {
        return status == ExportStatus.COMPLETED;
    }

    public Optional<ClipRange> clipRange() {
        return Optional.ofNullable(range);
    }
}
