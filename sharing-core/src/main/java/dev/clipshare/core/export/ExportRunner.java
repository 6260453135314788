package dev.clipshare.core.export;

import dev.clipshare.core.Export;
import dev.clipshare.core.ExportJob;
import dev.clipshare.core.ExportQueue;
import dev.clipshare.core.Sharing;
import dev.clipshare.core.Target;
import dev.clipshare.core.spi.CompletionOutcome;
import dev.clipshare.core.spi.SourceMedia;
import dev.clipshare.core.spi.SourceResolver;
import dev.clipshare.core.spi.TranscodeException;
import dev.clipshare.core.spi.TranscodeRequest;
import dev.clipshare.core.spi.TranscodeResult;
import dev.clipshare.core.spi.Transcoder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the export queue of a {@link Sharing} instance: claims a job, resolves its source,
 * transcodes it into a private work folder, publishes every file to the media store, and only
 * then completes the job, so links switch to the new version only when all of it is there.
 *
 * <pre>{@code
 * ExportRunner runner = ExportRunner.builder(sharing, JavaCvTranscoder.create(),   // or your own Transcoder
 *                 sourceId -> videos.find(sourceId).map(v -> SourceMedia.of(v.path())))
 *         .workers(2)                                   // default 1
 *         .build()
 *         .start();
 * // ... on shutdown
 * runner.close();                                       // stops FFmpeg, hands running jobs back
 * }</pre>
 *
 * <p><b>Lifecycle of a job.</b>
 * <ul>
 *   <li>Progress (0..100) is recorded with the job's heartbeat, which also renews its lease: on
 *       each progress step (at most once per {@link Builder#progressInterval}) and, whatever the
 *       progress, every {@link Builder#heartbeatInterval} (default: a quarter of the lease).</li>
 *   <li>A {@link TranscodeException} fails the job with its reason; a retryable one (a network
 *       error) puts it back in the queue until {@link dev.clipshare.core.SharingSettings#exportMaxAttempts()}
 *       attempts are used. A missing source ({@link SourceResolver} answers empty) fails at once.
 *       Any other exception counts as retryable.</li>
 *   <li>A job whose worker died (crash, kill, power loss) stays {@code processing} until its
 *       lease runs out; every runner polls the store ({@link Builder#pollInterval}) and takes it
 *       again then. Nothing of the dead attempt is visible: files are published only after the
 *       transcode succeeded, each atomically, and the job is completed after the last one.</li>
 *   <li>If the heartbeat reports that the lease was lost (another worker took the job), the
 *       transcode is interrupted and nothing is published.</li>
 *   <li>When the store answers {@link CompletionOutcome#SUPERSEDED} (a newer version of the target
 *       was requested during the encode), the result is stale: its media are deleted and links
 *       keep serving the latest completed version.</li>
 *   <li>Older versions of a target are deleted from the media store {@link Builder#mediaGracePeriod}
 *       after a newer version completed (default: the facade's re-export grace, after which no
 *       URL to an old version, signed or not, is honoured). The served version (the latest
 *       completed) and anything newer are never deleted. The schedule survives a restart: it is
 *       kept in a small file in the work directory ({@code .media-deletions}), read again at
 *       start. A node that never comes back leaves its targets' old versions to
 *       {@link #collectGarbage(Target)}.</li>
 * </ul>
 *
 * <p><b>Shutdown.</b> {@link #close()} interrupts running transcodes (FFmpeg stops between two
 * frames), {@linkplain ExportQueue#release hands their jobs back} untouched (they do not count as
 * an attempt), deletes the work folders and waits for the workers, at most
 * {@link Builder#shutdownTimeout}. A job in the middle of publishing finishes first.
 *
 * <p><b>Tests and tools</b> can leave the background workers off and drive the runner with
 * {@link #runOnce()}, which runs one job on the calling thread.
 *
 * <p><b>Thread-safety.</b> All methods are thread-safe. Several runners, in one process or on
 * several nodes sharing one store, never run the same job at once (the store's claim decides).
 */
public final class ExportRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExportRunner.class);
    private static final Duration STALE_WORK_FOLDER = Duration.ofDays(1);

    private final Sharing sharing;
    private final ExportQueue queue;
    private final Transcoder transcoder;
    private final SourceResolver sources;
    private final Clock clock;
    private final int workerCount;
    private final Path workRoot;
    private final Duration pollInterval;
    private final Duration heartbeatInterval;
    private final Duration progressInterval;
    private final Duration mediaGracePeriod;
    private final Duration shutdownTimeout;
    private final Duration retryDelay;
    private final String nodeId;

    private final Set<RunningJob> running = ConcurrentHashMap.newKeySet();
    private final List<Worker> workers = new ArrayList<>();
    private final ScheduledExecutorService keeper;
    private final Object stateLock = new Object();
    private volatile boolean started;
    private volatile boolean stopping;

    private ExportRunner(Builder b) {
        this.sharing = b.sharing;
        this.queue = b.sharing.exportQueue();
        this.clock = b.clock;
        this.transcoder = b.transcoder;
        this.sources = b.sources;
        this.workerCount = b.workers;
        this.workRoot = b.workDirectory.toAbsolutePath().normalize();
        this.pollInterval = b.pollInterval;
        this.heartbeatInterval = b.heartbeatInterval != null ? b.heartbeatInterval : queue.lease().dividedBy(4);
        this.progressInterval = b.progressInterval;
        this.mediaGracePeriod = b.mediaGracePeriod != null ? b.mediaGracePeriod : sharing.settings().reexportGrace();
        queue.keepMediaScheduleIn(workRoot.resolve(WorkFolders.MEDIA_SCHEDULE));
        this.shutdownTimeout = b.shutdownTimeout;
        this.retryDelay = b.retryDelay;
        this.nodeId = b.nodeId != null ? b.nodeId : "node-" + UUID.randomUUID().toString().substring(0, 8);
        this.keeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "clipshare-export-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, heartbeatInterval.toMillis());
        keeper.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * A builder for a runner of {@code sharing}'s export queue.
     *
     * @param sharing    whose export queue (and through it, export store and media store) to use
     * @param transcoder e.g. {@code JavaCvTranscoder.create()} of sharing-transcode, or the host's own
     * @param sources    the host's source ids → readable media
     */
    public static Builder builder(Sharing sharing, Transcoder transcoder, SourceResolver sources) {
        return new Builder(sharing, transcoder, sources);
    }

    /** This runner's id; its workers claim jobs as {@code <nodeId>/worker-<n>}. */
    public String nodeId() {
        return nodeId;
    }

    /**
     * Starts the background workers. Also removes the work folders a killed process left in the
     * work directory: all of them when nobody else uses the directory (no other started runner of
     * this process, no live process holding the lock file {@code <directory>.lock} beside it),
     * else those older than a day.
     *
     * @return this runner
     * @throws IllegalStateException when already started or closed
     */
    public ExportRunner start() {
        synchronized (stateLock) {
            if (stopping) {
                throw new IllegalStateException("the export runner is closed");
            }
            if (started) {
                throw new IllegalStateException("the export runner is already started");
            }
            started = true;
            WorkFolders.claim(workRoot, clock.instant().minus(STALE_WORK_FOLDER));
            for (int i = 0; i < workerCount; i++) {
                Worker w = new Worker(nodeId + "/worker-" + i);
                Thread t = new Thread(w, "clipshare-export-" + i);
                t.setDaemon(true);
                w.thread = t;
                workers.add(w);
            }
            workers.forEach(w -> w.thread.start());
        }
        log.info("export runner {} started with {} worker(s), work folder {}", nodeId, workerCount, workRoot);
        return this;
    }

    /**
     * Claims one job and runs it to its end on the calling thread; also deletes old media whose
     * grace period is over. For tests and tools that want no background threads.
     *
     * @return the job's export as it stands afterwards, or empty when no job was waiting
     * @throws IllegalStateException when the runner is closed
     */
    public Optional<Export> runOnce() {
        if (stopping) {
            throw new IllegalStateException("the export runner is closed");
        }
        collectGarbage();
        Optional<ExportJob> job = queue.claim(nodeId + "/caller");
        if (job.isEmpty()) {
            return Optional.empty();
        }
        RunningJob r = running(job.get());
        execute(r);
        return queue.find(job.get().id());
    }

    /**
     * Deletes the media of old versions whose grace period is over, for the targets this runner
     * completed an export of. Never deletes a target's latest completed version or a newer one.
     * Workers call it on their own; tests and tools may call it directly.
     */
    public void collectGarbage() {
        queue.deleteDueMedia(pollInterval);
    }

    /**
     * Deletes every version of the target older than its latest completed one, now, without a
     * grace period: for hosts that clean up after a restart or a deleted source.
     *
     * @return the versions deleted
     */
    public List<Long> collectGarbage(Target target) {
        List<Long> deleted = queue.deleteSupersededMedia(target);
        if (!deleted.isEmpty()) {
            log.debug("deleted media of {} versions {}", target, deleted);
        }
        return deleted;
    }

    /**
     * Stops the workers: running transcodes are interrupted and their jobs handed back to the
     * queue, work folders deleted. Waits at most the shutdown timeout. Calling it again does
     * nothing.
     */
    @Override
    public void close() {
        synchronized (stateLock) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        for (Worker w : workers) {
            w.interruptIfWaitingOrTranscoding();
        }
        for (RunningJob r : running) {
            r.interruptIfTranscoding();
        }
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        for (Worker w : workers) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    w.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (w.thread.isAlive()) {
                log.warn("export worker {} did not stop within {}", w.id, shutdownTimeout);
            }
        }
        keeper.shutdownNow();
        if (started) {
            WorkFolders.release(workRoot);
        }
        log.info("export runner {} stopped", nodeId);
    }

    // ------------------------------------------------------------------ one job

    private void execute(RunningJob r) {
        ExportJob job = r.job;
        Export e = job.export();
        Path dir = workRoot.resolve(e.id().value() + "-" + UUID.randomUUID().toString().substring(0, 8));
        running.add(r);
        try {
            if (!queue.heartbeat(job, 0)) {
                log.info("export {} v{}: lease lost right after the claim", e.target(), e.version());
                return;
            }
            r.beatAt = System.nanoTime();
            Optional<SourceMedia> source;
            try {
                source = sources.resolve(e.target().sourceId());
            } catch (RuntimeException ex) {
                log.warn("source resolver failed for {}", e.target().sourceId(), ex);
                end(r, () -> queue.fail(job, "source lookup failed: " + message(ex), true));
                return;
            }
            if (source.isEmpty()) {
                end(r, () -> queue.fail(job, "source not found: " + e.target().sourceId(), false));
                return;
            }
            TranscodeResult result;
            r.setTranscoding(true);
            try {
                result = transcoder.transcode(new TranscodeRequest(e.target(), e.version(), source.get(), e.range()), dir,
                        r::progress);
            } finally {
                r.setTranscoding(false);
            }
            if (r.leaseLost) {
                log.info("export {} v{}: lease lost during the encode; discarding the result", e.target(), e.version());
                return;
            }
            publishAndComplete(r, result);
        } catch (TranscodeException ex) {
            log.info("export {} v{} failed: {}{}", e.target(), e.version(), ex.getMessage(), ex.retryable() ? " (will retry)" : "");
            end(r, () -> queue.fail(job, ex.getMessage(), ex.retryable()));
        } catch (InterruptedException ex) {
            if (r.leaseLost) {
                log.info("export {} v{}: stopped, another worker holds the job now", e.target(), e.version());
            } else {
                log.info("export {} v{}: stopped by shutdown, handing the job back", e.target(), e.version());
                end(r, () -> queue.release(job));
            }
        } catch (RuntimeException ex) {
            log.error("export {} v{} failed unexpectedly", e.target(), e.version(), ex);
            end(r, () -> queue.fail(job, "unexpected error: " + message(ex), true));
        } finally {
            running.remove(r);
            Thread.interrupted(); // an interrupt aimed at this job must not leak into the next one
            WorkFolders.delete(dir);
        }
    }

    private void publishAndComplete(RunningJob r, TranscodeResult result) {
        ExportJob job = r.job;
        Export e = job.export();
        if (!queue.heartbeat(job, r.progress)) {
            log.info("export {} v{}: lease lost before publishing; discarding the result", e.target(), e.version());
            return;
        }
        try {
            Publishing.publish(queue, job, result);
        } catch (RuntimeException ex) {
            log.warn("export {} v{}: publishing failed", e.target(), e.version(), ex);
            Publishing.deleteQuietly(queue, e.target(), e.version());
            end(r, () -> queue.fail(job, "cannot store the clip: " + message(ex), true));
            return;
        }
        Publishing.complete(queue, job, result, mediaGracePeriod);
    }

    /** Ends a job through the queue; a store failure here is logged, and the lease brings the job back. */
    private void end(RunningJob r, java.util.function.BooleanSupplier action) {
        try {
            if (!action.getAsBoolean()) {
                log.info("export {} v{} was no longer held by {}", r.job.export().target(), r.job.export().version(), r.job.workerId());
            }
        } catch (RuntimeException ex) {
            log.warn("could not record the end of export {}; its lease will bring it back", r.job.id(), ex);
        }
    }

    private RunningJob running(ExportJob job) {
        return new RunningJob(job, Thread.currentThread(), queue, progressInterval, () -> stopping);
    }

    private void renewLeases() {
        long now = System.nanoTime();
        for (RunningJob r : running) {
            if (now - r.beatAt >= heartbeatInterval.toNanos() / 2) {
                r.beat();
            }
        }
    }

    private static String message(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    // ------------------------------------------------------------------ background workers

    private final class Worker implements Runnable {
        final String id;
        Thread thread;
        private boolean waiting;

        Worker(String id) {
            this.id = id;
        }

        @Override
        public void run() {
            while (!stopping) {
                try {
                    collectGarbage();
                    Optional<ExportJob> job = queue.claim(id);
                    if (job.isPresent()) {
                        execute(running(job.get()));
                        Optional<Export> after = stopping ? Optional.empty() : queue.find(job.get().id());
                        if (after.isPresent() && after.get().status() == dev.clipshare.core.ExportStatus.PENDING && !retryDelay.isZero()) {
                            pause(retryDelay); // a retryable failure: give the network a moment
                        }
                        continue;
                    }
                    idle();
                } catch (RuntimeException e) {
                    log.warn("export worker {}: the export store failed; retrying in {}", id, pollInterval, e);
                    pause(pollInterval);
                }
            }
        }

        private void idle() {
            if (!setWaiting(true)) {
                return;
            }
            try {
                queue.awaitWork(pollInterval);
            } catch (InterruptedException e) {
                // closing, or a spurious interrupt: the loop checks
            } finally {
                setWaiting(false);
            }
        }

        private void pause(Duration d) {
            if (!setWaiting(true)) {
                return;
            }
            try {
                synchronized (this) {
                    if (!stopping) {
                        wait(Math.max(1, d.toMillis()));
                    }
                }
            } catch (InterruptedException e) {
                // closing
            } finally {
                setWaiting(false);
            }
        }

        private synchronized boolean setWaiting(boolean on) {
            waiting = on;
            if (!on) {
                Thread.interrupted();
            }
            return !stopping;
        }

        synchronized void interruptIfWaitingOrTranscoding() {
            if (waiting) {
                thread.interrupt();
            }
        }
    }

    // ------------------------------------------------------------------ builder

    /**
     * Settings of an {@link ExportRunner}. Each setter checks its argument at once. Not
     * thread-safe.
     */
    public static final class Builder {
        private final Sharing sharing;
        private final Transcoder transcoder;
        private final SourceResolver sources;
        private int workers = 1;
        private Path workDirectory = Path.of(System.getProperty("java.io.tmpdir"), "clipshare-exports");
        private Duration pollInterval = Duration.ofSeconds(10);
        private Duration heartbeatInterval;
        private Duration progressInterval = Duration.ofSeconds(1);
        private Duration mediaGracePeriod;
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private Duration retryDelay = Duration.ofSeconds(5);
        private String nodeId;
        private Clock clock = Clock.systemUTC();

        private Builder(Sharing sharing, Transcoder transcoder, SourceResolver sources) {
            this.sharing = Objects.requireNonNull(sharing, "sharing");
            this.transcoder = Objects.requireNonNull(transcoder, "transcoder");
            this.sources = Objects.requireNonNull(sources, "sources");
        }

        /** How many jobs run at once on this node, 1..64; default 1 (an encode uses every core it gets). */
        public Builder workers(int count) {
            if (count < 1 || count > 64) {
                throw new IllegalArgumentException("workers must be 1..64, was " + count);
            }
            this.workers = count;
            return this;
        }

        /** Where jobs write while they run (one sub-folder per job, deleted afterwards); default {@code <java.io.tmpdir>/clipshare-exports}. */
        public Builder workDirectory(Path dir) {
            this.workDirectory = Objects.requireNonNull(dir, "workDirectory");
            return this;
        }

        /** How often an idle worker looks at the store for jobs requested on other nodes or left by dead workers, 10 ms..1 h; default 10 s. */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = between(interval, Duration.ofMillis(10), Duration.ofHours(1), "pollInterval");
            return this;
        }

        /** How often a running job's lease is renewed whatever its progress, shorter than the lease; default a quarter of the lease. */
        public Builder heartbeatInterval(Duration interval) {
            Duration lease = sharing.exportQueue().lease();
            Objects.requireNonNull(interval, "heartbeatInterval");
            if (interval.toMillis() < 10 || interval.compareTo(lease) >= 0) {
                throw new IllegalArgumentException("heartbeatInterval must be at least 10 ms and shorter than the export lease ("
                        + lease + "), was " + interval);
            }
            this.heartbeatInterval = interval;
            return this;
        }

        /** The least time between two progress updates written to the store, 0..1 min; default 1 s. */
        public Builder progressInterval(Duration interval) {
            this.progressInterval = between(interval, Duration.ZERO, Duration.ofMinutes(1), "progressInterval");
            return this;
        }

        /**
         * How long an old version's media stay after a newer version completed, 0..30 days; default
         * the stream URL lifetime of the {@link Sharing} settings (12 h unless changed).
         */
        public Builder mediaGracePeriod(Duration grace) {
            this.mediaGracePeriod = between(grace, Duration.ZERO, Duration.ofDays(30), "mediaGracePeriod");
            return this;
        }

        /** How long {@link #close()} waits for workers to stop, 0..10 min; default 30 s. */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = between(timeout, Duration.ZERO, Duration.ofMinutes(10), "shutdownTimeout");
            return this;
        }

        /** How long a worker waits before its next claim after a retryable failure, 0..10 min; default 5 s. */
        public Builder retryDelay(Duration delay) {
            this.retryDelay = between(delay, Duration.ZERO, Duration.ofMinutes(10), "retryDelay");
            return this;
        }

        /** This node's name in lease owners and logs, 1..100 characters; default {@code node-<random>}. */
        public Builder nodeId(String id) {
            Objects.requireNonNull(id, "nodeId");
            if (id.isBlank() || id.length() > 100) {
                throw new IllegalArgumentException("nodeId must be 1..100 characters, was '" + id + "'");
            }
            this.nodeId = id;
            return this;
        }

        /** The time source for the age of work folders a crashed process left; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        private static Duration between(Duration d, Duration min, Duration max, String name) {
            Objects.requireNonNull(d, name);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", was " + d);
            }
            return d;
        }

        /** The runner, not started: call {@link ExportRunner#start()} for background workers, or drive it with {@link ExportRunner#runOnce()}. */
        public ExportRunner build() {
            return new ExportRunner(this);
        }
    }
}
