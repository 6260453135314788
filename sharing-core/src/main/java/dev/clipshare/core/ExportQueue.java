package dev.clipshare.core;

import dev.clipshare.core.spi.CompletionOutcome;
import dev.clipshare.core.spi.ExportStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The worker side of the export lifecycle: claim a job, report progress, complete or fail it.
 * Export runners (see sharing-transcode) drive it; hosts rarely call it directly.
 *
 * <pre>{@code
 * ExportQueue queue = sharing.exportQueue();
 * Optional<ExportJob> job = queue.claim("node-1/worker-0");
 * job.ifPresent(j -> {
 *     queue.heartbeat(j, 50);
 *     queue.complete(j, artifacts);   // becomes what links serve, unless superseded
 * });
 * }</pre>
 *
 * <p>Retries: a retryable failure puts the job back in the queue until it has been attempted
 * {@link SharingSettings#exportMaxAttempts()} times; a job whose worker died is taken again once
 * its lease ends, and counts as an attempt too. Thread-safe.
 */
public final class ExportQueue {
    private final ExportStore store;
    private final Clock clock;
    private final Duration lease;
    private final int maxAttempts;
    private final Consumer<SharingEvent> events;
    private final BlockingQueue<Boolean> wakeups = new ArrayBlockingQueue<>(1);

    ExportQueue(ExportStore store, Clock clock, Duration lease, int maxAttempts, Consumer<SharingEvent> events) {
        this.store = store;
        this.clock = clock;
        this.lease = lease;
        this.maxAttempts = maxAttempts;
        this.events = events;
    }

    /** How long a claim lasts without a heartbeat. */
    public Duration lease() {
        return lease;
    }

    /** The oldest job ready to run, now held by {@code workerId}; empty when there is none. */
    public Optional<ExportJob> claim(String workerId) {
        Objects.requireNonNull(workerId, "workerId");
        while (true) {
            Optional<Export> claimed = store.claim(workerId, now(), lease);
            if (claimed.isEmpty()) {
                return Optional.empty();
            }
            Export export = claimed.get();
            if (export.attempts() <= maxAttempts) {
                return Optional.of(new ExportJob(export, workerId));
            }
            // its earlier workers died holding it: stop trying
            String reason = "gave up after " + maxAttempts + " attempts"
                    + (export.failureReason() == null ? " (workers stopped before finishing)" : ": " + export.failureReason());
            if (store.fail(export.id(), workerId, reason, now(), false)) {
                events.accept(new SharingEvent.ExportFailed(export.id(), export.target(), export.version(), reason, now()));
            }
        }
    }

    /**
     * Records progress (0..100) and renews the lease.
     *
     * @return {@code false} when the job is no longer this worker's: stop working on it
     */
    public boolean heartbeat(ExportJob job, int progress) {
        int p = Math.max(0, Math.min(100, progress));
        return store.heartbeat(job.id(), job.workerId(), p, now(), lease);
    }

    /** Completes the job; see {@link CompletionOutcome}. Publish the media before calling this. */
    public CompletionOutcome complete(ExportJob job, ExportArtifacts artifacts) {
        Objects.requireNonNull(artifacts, "artifacts");
        Export e = job.export();
        CompletionOutcome outcome = store.complete(e.id(), job.workerId(), artifacts, now());
        switch (outcome) {
            case COMPLETED -> events.accept(new SharingEvent.ExportCompleted(e.id(), e.target(), e.version(), now()));
            case SUPERSEDED -> events.accept(new SharingEvent.ExportFailed(e.id(), e.target(), e.version(),
                    "superseded by a newer version", now()));
            case LEASE_LOST -> { }
        }
        return outcome;
    }

    /**
     * Fails the job. A {@code retryable} failure goes back to the queue while attempts remain.
     *
     * @return whether the job was still this worker's
     */
    public boolean fail(ExportJob job, String reason, boolean retryable) {
        Objects.requireNonNull(reason, "reason");
        Export e = job.export();
        boolean retry = retryable && e.attempts() < maxAttempts;
        String stored = retryable && !retry ? reason + " (gave up after " + e.attempts() + " attempts)" : reason;
        boolean owned = store.fail(e.id(), job.workerId(), stored, now(), retry);
        if (owned && !retry) {
            events.accept(new SharingEvent.ExportFailed(e.id(), e.target(), e.version(), stored, now()));
        }
        if (owned && retry) {
            signal();
        }
        return owned;
    }

    /** Hands the job back untouched (the worker is stopping); it does not count as an attempt. */
    public boolean release(ExportJob job) {
        boolean owned = store.release(job.id(), job.workerId(), now());
        if (owned) {
            signal();
        }
        return owned;
    }

    /**
     * Waits until an export is requested through this facade, or {@code timeout} passes. Runners
     * poll the store anyway (jobs requested on other nodes, leases running out); this only makes
     * local requests start at once.
     *
     * @return whether a request arrived
     */
    public boolean awaitWork(Duration timeout) throws InterruptedException {
        return wakeups.poll(timeout.toNanos(), TimeUnit.NANOSECONDS) != null;
    }

    void signal() {
        wakeups.offer(Boolean.TRUE);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
