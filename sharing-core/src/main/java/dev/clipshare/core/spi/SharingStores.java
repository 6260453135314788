package dev.clipshare.core.spi;

import dev.clipshare.core.spi.SharingStores;
import java.util.Objects;

/**
 * The five stores a {@link dev.clipshare.core.Sharing} needs, handed over in one piece. Store
 * modules return one ({@code JdbcStores}, {@code RedisStores}); in-memory and hand-made stores
 * are put together with {@link #of}.
 *
 * <pre>{@code
 * Sharing sharing = Sharing.builder()
 *         .stores(JdbcStores.builder(dataSource).build())   // or SharingStores.of(shares, exports)
 *         ...
 *         .build();
 * }</pre>
 *
 * <p>Implementations return the same instances on every call and are thread-safe.
 */
public interface SharingStores {

    /** Link records, for managers. */
    ShareStore shares();

    /** Token lookups, view counts and password attempts, for viewers. */
    ViewerStore viewers();

    /** Each library's sharing switch. */
    LibrarySettingsStore libraries();

    /** Export records and what links serve. */
    ExportStore exports();

    /** The export job queue workers drain. */
    ExportJobStore exportJobs();

    /**
     * The stores of one share-side and one export-side implementation, the usual shape of an
     * adapter: one class over the links' tables, one over the exports' table.
     */
    static <S extends ShareStore & ViewerStore & LibrarySettingsStore, E extends ExportStore & ExportJobStore>
            SharingStores of(S shares, E exports) {
        Objects.requireNonNull(shares, "shares");
        Objects.requireNonNull(exports, "exports");
        record Pair<S extends ShareStore & ViewerStore & LibrarySettingsStore, E extends ExportStore & ExportJobStore>(
                S shareStore, E exportStore) implements Paired<S, E> { }
        return new Pair<>(shares, exports);
    }

    /**
     * Stores made of one share-side class (the three share-side interfaces) and one export-side
     * class (both export interfaces): implement the two accessors, the five come with them.
     *
     * @param <S> the share-side class
     * @param <E> the export-side class
     */
    interface Paired<S extends ShareStore & ViewerStore & LibrarySettingsStore, E extends ExportStore & ExportJobStore>
            extends SharingStores {

        /** The share-side store. */
        S shareStore();

        /** The export-side store. */
        E exportStore();

        @Override
        default ShareStore shares() {
            return shareStore();
        }

        @Override
        default ViewerStore viewers() {
            return shareStore();
        }

        @Override
        default LibrarySettingsStore libraries() {
            return shareStore();
        }

        @Override
        default ExportStore exports() {
            return exportStore();
        }

        @Override
        default ExportJobStore exportJobs() {
            return exportStore();
        }
    }

    /** Five stores given one by one, e.g. the host's wrappers (metrics, tracing) around an adapter's. */
    static SharingStores of(ShareStore shares, ViewerStore viewers, LibrarySettingsStore libraries,
                            ExportStore exports, ExportJobStore exportJobs) {
        Objects.requireNonNull(shares, "shares");
        Objects.requireNonNull(viewers, "viewers");
        Objects.requireNonNull(libraries, "libraries");
        Objects.requireNonNull(exports, "exports");
        Objects.requireNonNull(exportJobs, "exportJobs");
        return new SharingStores() {
            @Override
            public ShareStore shares() {
                return shares;
            }

            @Override
            public ViewerStore viewers() {
                return viewers;
            }

            @Override
            public LibrarySettingsStore libraries() {
                return libraries;
            }

            @Override
            public ExportStore exports() {
                return exports;
            }

            @Override
            public ExportJobStore exportJobs() {
                return exportJobs;
            }
        };
    }
}
