package dev.clipshare.core.spi;

import dev.clipshare.core.Export;
import dev.clipshare.core.Share;
import dev.clipshare.core.StorageException;
import dev.clipshare.core.TokenHash;
import java.util.Objects;
import java.util.Optional;

/**
 * An optional capability of a {@link ViewerStore} whose backend holds the shares and the exports
 * together: the share page's two reads, the share by its token's hash and its target's latest
 * completed export, in one round trip. A {@code ViewerStore} that also implements this interface
 * is asked through it on every page view, status call and media request; one that does not is
 * asked twice ({@link ViewerStore#findByTokenHash}, then {@link ExportStore#latestCompleted}).
 *
 * <p><b>Duties.</b> The answer is exactly what the two separate reads would give at one moment:
 * the share revoked or not, and the highest {@code COMPLETED} version of its target (completed
 * means {@link ExportJobStore#complete} recorded its artifacts), or none. One indexed lookup.
 * Thread-safe; failures throw {@link StorageException}.
 */
public interface ServedShareLookup {

    /** The share whose token hashes to {@code hash} and what its link serves, or empty when no share has that token. */
    Optional<ServedShare> findServed(TokenHash hash);

    /**
     * A share and its target's latest completed export.
     *
     * @param share  the share, revoked or not
     * @param served the highest completed export version of the share's target, or {@code null}
     */
    record ServedShare(Share share, Export served) {
        public ServedShare {
            Objects.requireNonNull(share, "share");
            if (served != null && (!served.isCompleted() || !served.target().equals(share.target()))) {
                throw new IllegalArgumentException("the served export must be a completed export of the share's target");
            }
        }

        /** {@link #served()}, when there is one. */
        public Optional<Export> servedExport() {
            return Optional.ofNullable(served);
        }
    }
}
