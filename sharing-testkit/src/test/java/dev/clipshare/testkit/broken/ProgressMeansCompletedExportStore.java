package dev.clipshare.testkit.broken;

import dev.clipshare.core.ClipRange;
import dev.clipshare.core.Export;
import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.ExportId;
import dev.clipshare.core.Target;
import dev.clipshare.core.memory.InMemoryExportStore;
import dev.clipshare.core.spi.CompletionOutcome;
import dev.clipshare.core.spi.ExportJobStore;
import dev.clipshare.core.spi.ExportStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A deliberately wrong store: right in everything but one belief, that an export at progress
 * 100 is completed. Its {@link #latestCompleted} would hand links an export that has no media yet.
 */
public final class ProgressMeansCompletedExportStore implements ExportStore, ExportJobStore {
    private final InMemoryExportStore delegate = new InMemoryExportStore();

    @Override
    public Optional<Export> latestCompleted(Target target) {
        long newest = delegate.latest(target).map(Export::version).orElse(0L);
        for (long v = newest; v >= 1; v--) {
            Optional<Export> e = delegate.findVersion(target, v);
            if (e.isPresent() && e.get().progress() == 100) {     // the mistake
                return e;
            }
        }
        return Optional.empty();
    }

    @Override public Export enqueue(Target target, ClipRange range, Instant now) { return delegate.enqueue(target, range, now); }
    @Override public Optional<Export> find(ExportId id) { return delegate.find(id); }
    @Override public Optional<Export> findVersion(Target target, long version) { return delegate.findVersion(target, version); }
    @Override public Optional<Export> latest(Target target) { return delegate.latest(target); }
    @Override public Optional<Export> claim(String workerId, Instant now, Duration lease) { return delegate.claim(workerId, now, lease); }
    @Override public boolean heartbeat(ExportId id, String workerId, int progress, Instant now, Duration lease) {
        return delegate.heartbeat(id, workerId, progress, now, lease);
    }
    @Override public CompletionOutcome complete(ExportId id, String workerId, ExportArtifacts artifacts, Instant now) {
        return delegate.complete(id, workerId, artifacts, now);
    }
    @Override public boolean fail(ExportId id, String workerId, String reason, Instant now, boolean retry) {
        return delegate.fail(id, workerId, reason, now, retry);
    }
    @Override public boolean release(ExportId id, String workerId, Instant now) { return delegate.release(id, workerId, now); }
}
