package dev.clipshare.core.spi;

import dev.clipshare.core.StorageException;
import dev.clipshare.core.Target;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where export artifacts live (the MP4, the thumbnail, HLS files), by target and version.
 * Bytes under a key never change once published, so they can be cached by a CDN.
 *
 * <p><b>Duties.</b> {@link #publish} is atomic and durable: a reader sees either nothing or the
 * whole file, never a partial one, even after a crash. {@link #open} reads a range without
 * loading the artifact into memory. All methods are thread-safe; a store shared by several
 * nodes (a network file system, an object store) must give every node the same view. Failures
 * throw {@link StorageException}.
 */
public interface MediaStore {

    /** Facts about a published artifact, or empty when nothing is published under the key. */
    Optional<MediaObject> stat(MediaKey key);

    /**
     * A stream of {@code length} bytes from {@code offset}. The caller closes it. Reading past
     * the end is the caller's error: check {@link #stat} first.
     *
     * @throws StorageException when the artifact is missing or cannot be read
     */
    InputStream open(MediaKey key, long offset, long length);

    /**
     * Publishes the file's bytes under the key, atomically and durably (for a file system: write
     * beside the final place, fsync, atomic move, fsync the folder). The source file may be moved
     * or copied; the caller does not use it afterwards.
     */
    void publish(MediaKey key, Path file);

    /** Removes every artifact of one export version. Missing versions are ignored. */
    void deleteVersion(Target target, long version);
}
