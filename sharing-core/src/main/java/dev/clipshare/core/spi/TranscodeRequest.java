package dev.clipshare.core.spi;

import dev.clipshare.core.ClipRange;
import dev.clipshare.core.Target;
import java.util.Objects;

/**
 * One export to produce.
 *
 * @param target  the target being exported (for naming and logs)
 * @param version the export version
 * @param source  where to read the source video
 * @param range   the time range to cut, or {@code null} for the whole source
 */
public record TranscodeRequest(Target target, long version, SourceMedia source, ClipRange range) {
    public TranscodeRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(source, "source");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
    }
}
