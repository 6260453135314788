package dev.clipshare.core.memory;

import dev.clipshare.core.ClipRange;
import dev.clipshare.core.Export;
import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.ExportId;
import dev.clipshare.core.ExportStatus;
import dev.clipshare.core.Target;
import dev.clipshare.core.spi.CompletionOutcome;
import dev.clipshare.core.spi.ExportJobStore;
import dev.clipshare.core.spi.ExportStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The reference {@link ExportStore}: jobs in memory. Passes the whole sharing-testkit contract.
 *
 * <p>Thread-safe: every method holds the store's monitor, which makes claims, version numbers
 * and the staleness check atomic. Not shared across nodes.
 */
public final class InMemoryExportStore implements ExportStore, ExportJobStore {
    private final Map<ExportId, Export> exports = new LinkedHashMap<>();

    @Override
    public synchronized Export enqueue(Target target, ClipRange range, Instant now) {
        long version = latest(target).map(Export::version).orElse(0L) + 1;
        Export e = new Export(ExportId.random(), target, version, range, ExportStatus.PENDING, 0, null, null, 0,
                null, null, now, now, null);
        exports.put(e.id(), e);
        return e;
    }

    @Override
    public synchronized Optional<Export> find(ExportId id) {
        return Optional.ofNullable(exports.get(id));
    }

    @Override
    public synchronized Optional<Export> findVersion(Target target, long version) {
        return exports.values().stream().filter(e -> e.target().equals(target) && e.version() == version).findFirst();
    }

    @Override
    public synchronized Optional<Export> latest(Target target) {
        return exports.values().stream().filter(e -> e.target().equals(target)).max(Comparator.comparingLong(Export::version));
    }

    @Override
    public synchronized Optional<Export> latestCompleted(Target target) {
        return exports.values().stream().filter(e -> e.target().equals(target) && e.isCompleted())
                .max(Comparator.comparingLong(Export::version));
    }

    @Override
    public synchronized Optional<Export> claim(String workerId, Instant now, Duration lease) {
        Optional<Export> next = exports.values().stream()
                .filter(e -> e.status() == ExportStatus.PENDING
                        || (e.status() == ExportStatus.PROCESSING && e.leaseUntil() != null && e.leaseUntil().isBefore(now)))
                .min(Comparator.comparing(Export::createdAt).thenComparingLong(Export::version));
        return next.map(e -> put(new Export(e.id(), e.target(), e.version(), e.range(), ExportStatus.PROCESSING, 0, null,
                e.failureReason(), e.attempts() + 1, workerId, now.plus(lease), e.createdAt(), now, null)));
    }

    @Override
    public synchronized boolean heartbeat(ExportId id, String workerId, int progress, Instant now, Duration lease) {
        Export e = owned(id, workerId);
        if (e == null) {
            return false;
        }
        put(new Export(e.id(), e.target(), e.version(), e.range(), e.status(), Math.max(e.progress(), progress), null,
                e.failureReason(), e.attempts(), workerId, now.plus(lease), e.createdAt(), now, null));
        return true;
    }

    @Override
    public synchronized CompletionOutcome complete(ExportId id, String workerId, ExportArtifacts artifacts, Instant now) {
        Export e = owned(id, workerId);
        if (e == null) {
            return CompletionOutcome.LEASE_LOST;
        }
        long newest = latest(e.target()).map(Export::version).orElse(e.version());
        if (newest > e.version()) {
            put(new Export(e.id(), e.target(), e.version(), e.range(), ExportStatus.FAILED, e.progress(), null,
                    "superseded by version " + newest, e.attempts(), null, null, e.createdAt(), now, now));
            return CompletionOutcome.SUPERSEDED;
        }
        put(new Export(e.id(), e.target(), e.version(), e.range(), ExportStatus.COMPLETED, 100, artifacts, null,
                e.attempts(), null, null, e.createdAt(), now, now));
        return CompletionOutcome.COMPLETED;
    }

    @Override
    public synchronized boolean fail(ExportId id, String workerId, String reason, Instant now, boolean retry) {
        Export e = owned(id, workerId);
        if (e == null) {
            return false;
        }
        put(new Export(e.id(), e.target(), e.version(), e.range(), retry ? ExportStatus.PENDING : ExportStatus.FAILED,
                retry ? 0 : e.progress(), null, reason, e.attempts(), null, null, e.createdAt(), now, retry ? null : now));
        return true;
    }

    @Override
    public synchronized boolean release(ExportId id, String workerId, Instant now) {
        Export e = owned(id, workerId);
        if (e == null) {
            return false;
        }
        put(new Export(e.id(), e.target(), e.version(), e.range(), ExportStatus.PENDING, 0, null, e.failureReason(),
                Math.max(0, e.attempts() - 1), null, null, e.createdAt(), now, null));
        return true;
    }

    private Export owned(ExportId id, String workerId) {
        Export e = exports.get(id);
        return e != null && e.status() == ExportStatus.PROCESSING && workerId.equals(e.leaseOwner()) ? e : null;
    }

    private Export put(Export e) {
        exports.put(e.id(), e);
        return e;
    }
}
