package dev.clipshare.core.spi;

import dev.clipshare.core.Export;
import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.ExportId;
import dev.clipshare.core.StorageException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The export job queue that workers on several nodes drain: claims with a lease, heartbeats,
 * completion, failure and hand-back. The records themselves are {@link ExportStore}.
 *
 * <p><b>Claims.</b> {@link #claim} hands a job to exactly one worker, with a lease; the worker
 * renews the lease with {@link #heartbeat}. A job whose lease ran out (its worker crashed) can be
 * claimed again, never by two workers at once. Only the holder of the lease may {@link #complete},
 * {@link #fail} or {@link #release}. A worker whose lease has run out still holds the job until
 * another worker claims it; from that claim on, its calls answer "no longer held".
 *
 * <p><b>Staleness.</b> {@link #complete} refuses (and fails the job as superseded) when a newer
 * version of the same target exists, so a slow encode of an outdated range never becomes what a
 * link serves.
 *
 * <p>All methods are thread-safe and cluster-safe (a row lock, {@code SKIP LOCKED} or a
 * compare-and-set, never a Java lock); failures throw {@link StorageException} and change
 * nothing. Times come from the caller.
 */
public interface ExportJobStore {

    /**
     * Takes the oldest job that is {@code PENDING}, or {@code PROCESSING} with a lease that ended
     * before {@code now}; marks it {@code PROCESSING} for {@code workerId} until
     * {@code now + lease}, sets its progress to 0 and adds one to its attempts. Atomic: concurrent
     * claims never return the same job while its lease runs. "Oldest" is the earliest creation
     * time (the {@code now} given to {@code enqueue}), then the lower version: not the order jobs
     * were enqueued in, nor their last change, so a job put back by {@code fail(retry)} or
     * {@link #release} keeps its place, and a lapsed job competes with pending ones by age.
     */
    Optional<Export> claim(String workerId, Instant now, Duration lease);

    /**
     * Records progress and extends the lease to {@code now + lease}. Progress never goes back (a
     * lower value keeps the highest seen), and 100 does not complete the job: only
     * {@link #complete} does. A holder whose lease ran out may still heartbeat (renewing it) until
     * another worker claims the job.
     *
     * @return {@code false} when {@code workerId} no longer holds the job (the worker should stop)
     */
    boolean heartbeat(ExportId id, String workerId, int progress, Instant now, Duration lease);

    /**
     * Marks the job completed with its artifacts (progress 100, lease cleared), provided
     * {@code workerId} holds it and no newer version of the target exists. See
     * {@link CompletionOutcome} for the other answers.
     */
    CompletionOutcome complete(ExportId id, String workerId, ExportArtifacts artifacts, Instant now);

    /**
     * Ends the job as {@code FAILED} with {@code reason}, or, when {@code retry}, puts it back to
     * {@code PENDING} (progress 0, lease cleared, reason kept) for another attempt.
     *
     * @return {@code false} when {@code workerId} no longer holds the job (nothing changed)
     */
    boolean fail(ExportId id, String workerId, String reason, Instant now, boolean retry);

    /**
     * Hands a job back untouched (the worker is shutting down): {@code PENDING}, lease cleared,
     * and the attempt taken by the claim given back.
     *
     * @return {@code false} when {@code workerId} no longer holds the job
     */
    boolean release(ExportId id, String workerId, Instant now);
}
