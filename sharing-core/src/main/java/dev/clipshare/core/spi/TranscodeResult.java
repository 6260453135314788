package dev.clipshare.core.spi;

import dev.clipshare.core.ExportArtifacts;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Transcoder} produced: files in its work folder, by media name (see
 * {@link MediaKey}), and the facts about the clip.
 *
 * @param files     media name → file; must include {@link MediaKey#CLIP} and {@link MediaKey#THUMBNAIL}
 * @param artifacts duration, dimensions, sizes, codecs
 */
public record TranscodeResult(Map<String, Path> files, ExportArtifacts artifacts) {
    public TranscodeResult {
        files = Map.copyOf(files);
        Objects.requireNonNull(artifacts, "artifacts");
        for (String name : files.keySet()) {
            if (!MediaKey.isValidName(name)) {
                throw new IllegalArgumentException("not a media name: " + name);
            }
        }
        if (!files.containsKey(MediaKey.CLIP) || !files.containsKey(MediaKey.THUMBNAIL)) {
            throw new IllegalArgumentException("a transcode result needs " + MediaKey.CLIP + " and " + MediaKey.THUMBNAIL);
        }
    }
}
