package dev.clipshare.core;

import dev.clipshare.core.internal.ScheduleFile;
import dev.clipshare.core.spi.CompletionOutcome;
import dev.clipshare.core.media.FileMediaStore;
import dev.clipshare.core.spi.ExportJobStore;
import dev.clipshare.core.spi.ExportStore;
import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.core.spi.MediaStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.stream.LongStream;
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
    private static final Logger log = LoggerFactory.getLogger(ExportQueue.class);

    private final ExportJobStore store;
    private final ExportStore exports;
    private final MediaStore media;
    private final Clock clock;
    private final Duration lease;
    private final int maxAttempts;
    private final Consumer<SharingEvent> events;
    private final BlockingQueue<Boolean> wakeups = new ArrayBlockingQueue<>(1);
    private final Map<Target, Instant> mediaDue = new ConcurrentHashMap<>();
    private volatile Path scheduleFile;

    ExportQueue(Context c) {
        this.store = c.jobs;
        this.exports = c.exports;
        this.media = c.media;
        this.clock = c.clock;
        this.lease = c.settings.exportLease();
        this.maxAttempts = c.settings.exportMaxAttempts();
        this.events = c::publish;
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

    /** An export as it stands now, for a worker that wants to know how its job ended. */
    public Optional<Export> find(ExportId id) {
        return exports.find(Objects.requireNonNull(id, "id"));
    }

    /**
     * Publishes one artifact of the job's export version in the media store, atomically: see
     * {@link MediaStore#publish}. Publish every artifact before {@link #complete}; the media
     * store may move or copy the file.
     *
     * @param name a media name such as {@code clip.mp4} or {@code hls/seg-00001.ts} ({@link MediaKey})
     */
    public void publish(ExportJob job, String name, Path file) {
        Objects.requireNonNull(file, "file");
        Export e = job.export();
        media.publish(new MediaKey(e.target(), e.version(), name), file);
    }

    /** Deletes every artifact of one export version (a stale or failed one). Missing versions are ignored. */
    public void deleteMedia(Target target, long version) {
        media.deleteVersion(Objects.requireNonNull(target, "target"), version);
    }

    /**
     * Deletes the media of every version of the target older than its latest completed one, now:
     * what a re-export leaves behind once no player needs it. Never touches the latest completed
     * version or a newer one.
     *
     * @return the versions deleted, oldest first
     */
    public List<Long> deleteSupersededMedia(Target target) {
        Objects.requireNonNull(target, "target");
        Optional<Export> served = exports.latestCompleted(target);
        if (served.isEmpty()) {
            return List.of();
        }
        long keepFrom = served.get().version();
        List<Long> candidates = media instanceof FileMediaStore files
                ? files.versions(target)
                : LongStream.range(1, keepFrom).boxed().toList();
        List<Long> deleted = new ArrayList<>();
        for (long v : candidates) {
            if (v < keepFrom) {
                media.deleteVersion(target, v);
                deleted.add(v);
            }
        }
        return deleted;
    }

    /**
     * Schedules the deletion of the target's superseded media {@code grace} from now (a later
     * schedule of the same target wins): a player that loaded the old version can finish; with
     * the default, the {@linkplain SharingSettings#reexportGrace() re-export grace}, no URL to the
     * old version is honoured any longer when its media go. Kept in memory, and in the file given
     * to {@link #keepMediaScheduleIn} if any, so that it survives a restart.
     */
    public void scheduleMediaDeletion(Target target, Duration grace) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(grace, "grace");
        synchronized (mediaDue) {
            mediaDue.merge(target, clock.instant().plus(grace), (a, b) -> a.isAfter(b) ? a : b);
            saveSchedule();
        }
    }

    /**
     * Keeps the media-deletion schedule in {@code file} (a local file, rewritten atomically and
     * forced to disk on every change): what the file holds from an earlier process is scheduled
     * again, at its original times, so old versions superseded before a restart are still
     * deleted when their grace ends. The export runner points it into its work directory.
     */
    public void keepMediaScheduleIn(Path file) {
        Objects.requireNonNull(file, "file");
        synchronized (mediaDue) {
            ScheduleFile.load(file).forEach((target, due) -> mediaDue.merge(target, due, (a, b) -> a.isAfter(b) ? a : b));
            scheduleFile = file;
            saveSchedule();
        }
    }

    private void saveSchedule() {
        Path file = scheduleFile;
        if (file != null) {
            ScheduleFile.save(file, Map.copyOf(mediaDue));
        }
    }

    /**
     * Runs the deletions whose time has come ({@link #deleteSupersededMedia} for each target). A
     * deletion that fails is logged and tried again {@code retryAfter} later.
     */
    public void deleteDueMedia(Duration retryAfter) {
        Instant now = clock.instant();
        boolean changed = false;
        for (Map.Entry<Target, Instant> e : mediaDue.entrySet()) {
            if (now.isBefore(e.getValue())) {
                continue;
            }
            try {
                deleteSupersededMedia(e.getKey());
                changed |= mediaDue.remove(e.getKey(), e.getValue());
            } catch (RuntimeException ex) {
                log.warn("could not delete old media of {}; will retry", e.getKey(), ex);
                changed |= mediaDue.replace(e.getKey(), e.getValue(), now.plus(retryAfter));
            }
        }
        if (changed) {
            synchronized (mediaDue) {
                saveSchedule();
            }
        }
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
