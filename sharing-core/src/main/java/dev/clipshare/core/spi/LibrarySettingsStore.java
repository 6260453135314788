package dev.clipshare.core.spi;

import dev.clipshare.core.StorageException;
import java.time.Instant;

/**
 * Each library's sharing switch, off until an owner or admin turns it on.
 *
 * <p>Thread-safe and shared by every node; {@link #setSharingEnabled} is an upsert (two nodes
 * switching the same library at once leave one of the two values, never an error or two rows).
 * Failures throw {@link StorageException}.
 */
public interface LibrarySettingsStore {

    /** The library's sharing switch; {@code false} for a library the store has never seen. */
    boolean isSharingEnabled(String libraryId);

    /** Sets the library's sharing switch (an upsert). */
    void setSharingEnabled(String libraryId, boolean enabled, Instant at);
}
