package dev.clipshare.core;

import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.core.spi.MediaObject;
import dev.clipshare.core.spi.MediaStore;
import dev.clipshare.core.spi.PresignedMedia;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.io.InputStream;
import java.util.Objects;

/**
 * One published artifact a viewer may read, from {@link Sharing#media}: what it is
 * ({@link #object()}: size, validator, type) and a way to read ranges of it. The viewer never
 * holds the media store itself.
 *
 * <p>Immutable and thread-safe; each {@link #open} returns a new stream the caller closes.
 */
public final class ServedMedia {
    private final MediaStore store;
    private final MediaKey key;
    private final MediaObject object;

    ServedMedia(MediaStore store, MediaKey key, MediaObject object) {
        this.store = store;
        this.key = key;
        this.object = object;
    }

    /** Which artifact of which export version this is. */
    public MediaKey key() {
        return key;
    }

    /** Its size, last change, strong validator and media type. */
    public MediaObject object() {
        return object;
    }

    /**
     * A stream of {@code length} bytes from {@code offset}, read without loading the artifact into
     * memory. The caller closes it.
     *
     * @throws IllegalArgumentException when the range lies outside the artifact
     * @throws StorageException         when the artifact cannot be read (gone since, or a store failure)
     */
    public InputStream open(long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > object.size()) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside 0.." + object.size());
        }
        return store.open(key, offset, length);
    }

    /**
     * A short-lived URL from which the client can fetch this artifact straight from the media
     * store, when the store can hand one out ({@link PresignedMedia}); empty otherwise. Such a URL
     * works until it expires, whatever happens to the share meanwhile: see
     * {@link PresignedMedia} on the revocation window it opens.
     *
     * @param ttl                how long the URL works, at most {@link PresignedMedia#MAX_TTL}
     * @param contentDisposition the {@code Content-Disposition} the store should answer with, or {@code null}
     */
    public Optional<URI> presignedUrl(Duration ttl, String contentDisposition) {
        return store instanceof PresignedMedia presigned ? presigned.presignedGet(key, ttl, contentDisposition) : Optional.empty();
    }

    @Override
    public String toString() {
        return "ServedMedia[" + key.name() + " v" + key.version() + ", " + object.size() + " bytes]";
    }

    static ServedMedia of(MediaStore store, MediaKey key, MediaObject object) {
        return new ServedMedia(Objects.requireNonNull(store), Objects.requireNonNull(key), Objects.requireNonNull(object));
    }
}
