package dev.clipshare.core.spi;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a host's source video can be read: a local file or a URL the transcoder can open
 * ({@code file:}, {@code http:}, {@code https:}).
 *
 * @param uri the location
 */
public record SourceMedia(URI uri) {
    public SourceMedia {
        Objects.requireNonNull(uri, "uri");
        if (!uri.isAbsolute()) {
            throw new IllegalArgumentException("source URI must be absolute, was " + uri);
        }
    }

    public static SourceMedia of(Path file) {
        return new SourceMedia(file.toAbsolutePath().toUri());
    }

    public static SourceMedia of(URI uri) {
        return new SourceMedia(uri);
    }

    /** The local file, when the source is one. */
    public Optional<Path> file() {
        return "file".equalsIgnoreCase(uri.getScheme()) ? Optional.of(Path.of(uri)) : Optional.empty();
    }

    /** What to hand to a decoder: a file path for local files, the URL otherwise. */
    public String location() {
        return file().map(Path::toString).orElse(uri.toString());
    }
}
