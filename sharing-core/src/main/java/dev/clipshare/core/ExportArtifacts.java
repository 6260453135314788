package dev.clipshare.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Facts about a completed export that pages and link cards need.
 *
 * @param duration   the clip's real duration
 * @param width      the video's width in pixels (what {@code og:video:width} says); for an audio
 *                   clip, the poster's
 * @param height     the video's height in pixels; for an audio clip, the poster's
 * @param clipBytes  size of the MP4
 * @param videoCodec the video codec, e.g. {@code h264}, or {@code null} for an audio clip (a source
 *                   without pictures, shared as AAC in MP4 with a waveform poster)
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
        if (videoCodec == null && audioCodec == null) {
            throw new IllegalArgumentException("a clip needs a video or an audio codec");
        }
    }

    /** The facts of an audio clip: no video codec; the size is the poster's. */
    public static ExportArtifacts audio(Duration duration, int posterWidth, int posterHeight, long clipBytes, String audioCodec,
                                        boolean hasHls) {
        return new ExportArtifacts(duration, posterWidth, posterHeight, clipBytes, null,
                Objects.requireNonNull(audioCodec, "audioCodec"), hasHls);
    }

    /** Whether the clip is audio only (its source had no pictures). */
    public boolean isAudioOnly() {
        return videoCodec == null;
    }

    /** The MP4's media type, e.g. for {@code twitter:player:stream:content_type}: {@code audio/mp4} for an audio clip. */
    public String mimeType() {
        return isAudioOnly() ? "audio/mp4" : "video/mp4";
    }
}
