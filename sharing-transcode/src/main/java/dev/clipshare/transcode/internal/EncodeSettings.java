package dev.clipshare.transcode.internal;

import java.time.Duration;

/**
 * The encoder settings one transcode uses, resolved from the public builder.
 *
 * @param videoEncoder     {@code libx264} or {@code libopenh264}
 * @param maxWidth         output width cap
 * @param maxHeight        output height cap
 * @param crf              x264 constant rate factor
 * @param x264Preset       x264 speed preset
 * @param videoBitrate     bits/s for encoders without a quality mode; 0 picks one from the frame size
 * @param audioBitrate     AAC bits/s
 * @param keyframeInterval time between keyframes (HLS segments cut on them)
 * @param networkTimeout   how long a network read may stall
 */
public record EncodeSettings(String videoEncoder, int maxWidth, int maxHeight, int crf, String x264Preset,
                             long videoBitrate, int audioBitrate, Duration keyframeInterval, Duration networkTimeout) {

    /** The bitrate for a frame size and rate when none is configured: about 0.1 bit per pixel. */
    public long bitrateFor(int width, int height, double fps) {
        if (videoBitrate > 0) {
            return videoBitrate;
        }
        double rate = Math.min(fps, 60);
        long bits = Math.round(width * (double) height * rate * 0.1);
        return Math.max(300_000, Math.min(bits, 12_000_000));
    }
}
