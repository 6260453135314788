package dev.clipshare.core.spi;

import dev.clipshare.core.ClipRange;
import dev.clipshare.core.Export;
import dev.clipshare.core.ExportId;
import dev.clipshare.core.StorageException;
import dev.clipshare.core.Target;
import java.time.Instant;
import java.util.Optional;

/**
 * Persistence of exports: the versions of each target and what its links serve. The worker side
 * of the queue (claims, leases, completion) is {@link ExportJobStore}; one class may implement
 * both over the same table, as the in-memory, JDBC and Redis stores do.
 *
 * <p><b>Versions.</b> Each {@link #enqueue} creates the next version of its target (1, 2, 3…),
 * atomically, even when two nodes enqueue at once: no version is used twice or skipped.
 *
 * <p><b>Completed.</b> An export is completed when {@link ExportJobStore#complete} recorded its
 * artifacts, never because its progress reached 100: {@link #latestCompleted} answers only such
 * exports.
 *
 * <p>All methods are thread-safe and cluster-safe; failures throw {@link StorageException} and
 * change nothing. Times come from the caller. The sharing-testkit's {@code ExportStoreContract}
 * defines what a working store does.
 */
public interface ExportStore {

    /** Creates the next version of {@code target}, {@code PENDING}, for {@code range} ({@code null}: the whole source). */
    Export enqueue(Target target, ClipRange range, Instant now);

    Optional<Export> find(ExportId id);

    Optional<Export> findVersion(Target target, long version);

    /** The highest version of the target, whatever its status. */
    Optional<Export> latest(Target target);

    /** The highest {@code COMPLETED} version of the target: what its links serve. */
    Optional<Export> latestCompleted(Target target);
}
