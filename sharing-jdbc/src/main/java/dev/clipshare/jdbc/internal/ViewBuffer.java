package dev.clipshare.jdbc.internal;

import dev.clipshare.core.ShareId;
import dev.clipshare.core.StorageException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write-behind view counting: {@link #add} only adds to a per-share sum in memory; {@link #flush}
 * writes every sum as one increment per share, in one batched transaction, in id order (so two
 * nodes flushing the same shares cannot deadlock). A flush that fails puts its sums back, so a
 * database outage delays views but loses none while the process lives.
 *
 * <p>{@link ConcurrentHashMap#merge} and {@link ConcurrentHashMap#remove} are atomic per key, so
 * an add racing a flush lands either in the flushed sum or in the next one, never in neither.
 * Flushes themselves run one at a time.
 */
public final class ViewBuffer {
    private static final Logger log = LoggerFactory.getLogger(ViewBuffer.class);
    private static final int BATCH = 500;

    private final Db db;
    private final String sql;
    private final Map<ShareId, Long> pending = new ConcurrentHashMap<>();
    private final ReentrantLock flushing = new ReentrantLock();
    private final java.util.concurrent.atomic.AtomicLong inFlight = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;
    private final ViewLog viewLog;
    /** Adds (log record + sum) share the read side; a flush's rotate-and-take is the write side. */
    private final ReadWriteLock logged = new ReentrantReadWriteLock();
    /** Log segments whose views are pending or in flight, deleted once a flush committed them. */
    private final List<Path> unwritten = new ArrayList<>();

    public ViewBuffer(Db db, Tables tables) {
        this(db, tables, null);
    }

    /**
     * A buffer whose views are also appended to {@code log} (or none), so that a crash loses
     * none: what the log holds from a previous process is pending again at once.
     */
    public ViewBuffer(Db db, Tables tables, ViewLog viewLog) {
        this.db = db;
        this.sql = "UPDATE " + tables.shares() + " SET view_count = view_count + ? WHERE id = ?";
        this.viewLog = viewLog;
        if (viewLog != null) {
            Map<ShareId, Long> recovered = viewLog.recover(unwritten);
            recovered.forEach((id, n) -> pending.merge(id, n, Long::sum));
            if (!recovered.isEmpty()) {
                log.info("recovered {} share views from the view log {}",
                        recovered.values().stream().mapToLong(Long::longValue).sum(), viewLog.directory());
            }
        }
    }

    /**
     * Adds views; with a log, returns once they are on disk there (one {@code fsync} shared by
     * concurrent callers). Once {@link #close()}d, writes them to the database at once.
     */
    public void add(ShareId id, long count) {
        if (viewLog == null) {
            pending.merge(id, count, Long::sum);
        } else {
            long ticket;
            logged.readLock().lock();
            try {
                ticket = viewLog.write(id, count);
                pending.merge(id, count, Long::sum);
            } finally {
                logged.readLock().unlock();
            }
            viewLog.awaitDurable(ticket);
        }
        if (closed) {
            flush();
        }
    }

    /**
     * Writes what is pending and switches to writing every later {@link #add} at once, so views
     * counted by requests still running during shutdown are not stranded.
     */
    public void close() {
        closed = true;
        flush();
    }

    /** Views added and not yet written (including a batch being written right now). */
    public long pendingViews() {
        return pending.values().stream().mapToLong(Long::longValue).sum() + inFlight.get();
    }

    /**
     * Writes everything added so far.
     *
     * @throws StorageException when the database refused; the views stay pending for the next flush
     */
    public void flush() {
        flushing.lock();
        try {
            List<Map.Entry<ShareId, Long>> taken = new ArrayList<>();
            long sum = 0;
            logged.writeLock().lock();
            try {
                if (viewLog != null && viewLog.hasUnrotatedRecords()) {
                    unwritten.add(viewLog.rotate()); // holds exactly the views taken below (and earlier failed ones)
                }
                List<ShareId> ids = new ArrayList<>(pending.keySet());
                ids.sort(Comparator.comparing(ShareId::value));
                for (ShareId id : ids) {
                    Long n = pending.remove(id);
                    if (n != null && n != 0) {
                        taken.add(Map.entry(id, n));
                        sum += n;
                        inFlight.addAndGet(n);
                    }
                }
            } finally {
                logged.writeLock().unlock();
            }
            if (taken.isEmpty()) {
                forgetWrittenSegments();
                return;
            }
            try {
                db.transaction("write " + taken.size() + " view counts", c -> {
                    try (PreparedStatement ps = db.prepare(c, sql)) {
                        int inBatch = 0;
                        for (Map.Entry<ShareId, Long> e : taken) {
                            ps.setLong(1, e.getValue());
                            ps.setString(2, e.getKey().value());
                            ps.addBatch();
                            if (++inBatch == BATCH) {
                                ps.executeBatch();
                                inBatch = 0;
                            }
                        }
                        if (inBatch > 0) {
                            ps.executeBatch();
                        }
                    }
                    return null;
                });
                forgetWrittenSegments();
            } catch (RuntimeException e) {
                for (Map.Entry<ShareId, Long> t : taken) {
                    pending.merge(t.getKey(), t.getValue(), Long::sum);
                }
                throw e;
            } finally {
                inFlight.addAndGet(-sum);
            }
        } finally {
            flushing.unlock();
        }
    }

    /** The views of these segments are in the database now (or there were none). */
    private void forgetWrittenSegments() {
        if (viewLog != null && !unwritten.isEmpty()) {
            viewLog.delete(unwritten);
            unwritten.clear();
        }
    }

    /** A flush for the background timer: failures are logged, the views wait for the next one. */
    public void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("could not write {} pending share views; retrying at the next flush: {}", pendingViews(), e.getMessage());
        }
    }
}
