package dev.clipshare.core.memory;

import dev.clipshare.core.StorageException;
import dev.clipshare.core.Target;
import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.core.spi.MediaObject;
import dev.clipshare.core.spi.MediaStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link MediaStore} holding artifacts in memory: for tests and short demos with small clips.
 * Production hosts use the file media store of sharing-transcode (constant memory, durable).
 * Publishing replaces the whole entry at once, so readers never see a partial artifact.
 * Thread-safe.
 */
public final class InMemoryMediaStore implements MediaStore {
    private record Blob(byte[] bytes, MediaObject info) { }

    private final Map<MediaKey, Blob> blobs = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryMediaStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<MediaObject> stat(MediaKey key) {
        return Optional.ofNullable(blobs.get(key)).map(Blob::info);
    }

    @Override
    public InputStream open(MediaKey key, long offset, long length) {
        Blob blob = blobs.get(key);
        if (blob == null) {
            throw new StorageException("no media at " + key);
        }
        if (offset < 0 || length < 0 || offset + length > blob.bytes().length) {
            throw new StorageException("range " + offset + "+" + length + " outside " + blob.bytes().length + " bytes of " + key.name());
        }
        return new ByteArrayInputStream(blob.bytes(), (int) offset, (int) length);
    }

    @Override
    public void publish(MediaKey key, Path file) {
        try {
            put(key, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new StorageException("cannot read " + file, e);
        }
    }

    /** Publishes bytes directly. */
    public void put(MediaKey key, byte[] bytes) {
        String etag = "\"v" + key.version() + "-" + bytes.length + "\"";
        blobs.put(key, new Blob(bytes.clone(), new MediaObject(bytes.length, clock.instant(), etag,
                MediaObject.contentTypeOf(key.name()))));
    }

    @Override
    public void deleteVersion(Target target, long version) {
        blobs.keySet().removeIf(k -> k.target().equals(target) && k.version() == version);
    }

}
