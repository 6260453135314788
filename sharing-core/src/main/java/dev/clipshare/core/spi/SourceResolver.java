package dev.clipshare.core.spi;

import java.util.Optional;

/**
 * Turns the host's source id into readable media for the transcoder. Clipshare never owns a
 * source; it reads it only while exporting.
 *
 * <pre>{@code
 * SourceResolver sources = sourceId -> videos.findById(sourceId).map(v -> SourceMedia.of(v.path()));
 * }</pre>
 *
 * <p>Called from export worker threads; must be thread-safe.
 */
@FunctionalInterface
public interface SourceResolver {
    /** Resolves nothing: every export fails with "source not found". */
    SourceResolver NONE = sourceId -> Optional.empty();

    /** The media for a source id, or empty when the host no longer has it. */
    Optional<SourceMedia> resolve(String sourceId);
}
