package dev.clipshare.transcode;

import dev.clipshare.core.spi.TranscodeResult;
import java.time.Duration;
import java.util.Objects;

/**
 * What one {@link JavaCvTranscoder#export export} produced and how long each step took: for
 * benchmarks, logs and the command line ({@link ExportCommand}).
 *
 * @param result        the files and facts, as {@link JavaCvTranscoder#transcode} returns them
 * @param videoEncoder  the H.264 encoder used, {@code libx264} or {@code libopenh264}
 * @param keyframeCopy  whether the clip was copied from keyframes instead of re-encoded
 * @param rangeClamped  whether the requested end lay past the end of the source and was moved to it
 * @param clipTime      time to write the MP4 (cut and encode, or copy)
 * @param thumbnailTime time to write the thumbnail
 * @param hlsTime       time to write the HLS playlist and segments ({@link Duration#ZERO} when HLS is off)
 * @param totalTime     the whole export, probing included
 */
public record ExportReport(TranscodeResult result, String videoEncoder, boolean keyframeCopy, boolean rangeClamped,
                           Duration clipTime, Duration thumbnailTime, Duration hlsTime, Duration totalTime) {
    public ExportReport {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(videoEncoder, "videoEncoder");
        Objects.requireNonNull(clipTime, "clipTime");
        Objects.requireNonNull(thumbnailTime, "thumbnailTime");
        Objects.requireNonNull(hlsTime, "hlsTime");
        Objects.requireNonNull(totalTime, "totalTime");
    }
}
