package dev.clipshare.core.export;

import dev.clipshare.core.ExportJob;
import dev.clipshare.core.ExportQueue;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job being worked on, by a background worker or a {@link ExportRunner#runOnce()} caller: its
 * progress, its heartbeats, and the interrupt that stops its encode when the lease is lost or the
 * runner stops.
 */
final class RunningJob {
    private static final Logger log = LoggerFactory.getLogger(ExportRunner.class);

    final ExportJob job;
    final Thread thread;
    volatile int progress;
    volatile long beatAt = System.nanoTime();
    volatile boolean leaseLost;
    private final ExportQueue queue;
    private final Duration progressInterval;
    private final BooleanSupplier stopping;
    private boolean transcoding;

    RunningJob(ExportJob job, Thread thread, ExportQueue queue, Duration progressInterval, BooleanSupplier stopping) {
        this.job = job;
        this.thread = thread;
        this.queue = queue;
        this.progressInterval = progressInterval;
        this.stopping = stopping;
    }

    /** Called by the transcoder on the worker's thread. */
    void progress(int percent) {
        if (percent <= progress && percent != 0) {
            return;
        }
        progress = Math.max(progress, percent);
        if (System.nanoTime() - beatAt >= progressInterval.toNanos() || percent == 100) {
            beat();
        }
    }

    void beat() {
        if (leaseLost) {
            return;
        }
        beatAt = System.nanoTime();
        boolean owned;
        try {
            owned = queue.heartbeat(job, progress);
        } catch (RuntimeException e) {
            log.warn("heartbeat of export {} failed; retrying", job.id(), e);
            return;
        }
        if (!owned) {
            leaseLost = true;
            interruptIfTranscoding();
        }
    }

    synchronized void setTranscoding(boolean on) {
        transcoding = on;
        if (on && (stopping.getAsBoolean() || leaseLost)) {
            thread.interrupt();
        }
        if (!on) {
            // interrupts are only sent while transcoding: one that arrives as the encode ends
            // must not break the publishing that follows
            Thread.interrupted();
        }
    }

    synchronized void interruptIfTranscoding() {
        if (transcoding) {
            thread.interrupt();
        }
    }
}
