package dev.clipshare.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Facts about a completed export that pages and link cards need.
 *
 * @param duration   the clip's real duration
 * @param width      the video's width in pixels (what {@code og:video:width} says)
 * @param height     the video's height in pixels
 * @param clipBytes  size of the MP4
 * @param videoCodec the video codec, e.g. {@code h264}
 * @param audioCodec the audio codec, e.g. {@code aac}, or {@code null} when the clip has no audio
 * @param hasHls     whether an HLS playlist was published with the clip
 */
public record ExportArtifacts(Duration duration, int width, int height, long clipBytes,
                              String videoCodec, String audioCodec, boolean hasHls) {
    public ExportArtifacts {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, was " + duration);
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("dimensions must be positive, were " + width + "x" + height);
        }
        if (clipBytes <= 0) {
            throw new IllegalArgumentException("clipBytes must be positive, was " + clipBytes);
        }
        Objects.requireNonNull(videoCodec, "videoCodec");
    }

    /** The MP4's {@code codecs} description, e.g. for {@code twitter:player:stream:content_type}. */
    public String mimeType() {
        return "video/mp4";
    }
}
