package dev.clipshare.transcode.internal;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;

import dev.clipshare.core.spi.SourceMedia;
import dev.clipshare.core.spi.TranscodeException;
import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Takes the thumbnail from the finished clip (so it shows what viewers see, not the source's
 * first frame): the first frame at or after the offset, scaled to the width cap, encoded as JPEG
 * by FFmpeg (full-range 4:2:0, no trip through Java imaging).
 */
public final class Thumbnailer {
    private Thumbnailer() { }

    /**
     * @param quality 0.1 (small) .. 1.0 (best), mapped onto the JPEG encoder's quantizer scale
     */
    public static void write(Path clip, Duration offset, Duration clipLength, int maxWidth, float quality, Path out,
                             EncodeSettings settings) throws TranscodeException, InterruptedException {
        FFmpegFrameGrabber g = SourceInput.open(SourceMedia.of(clip), AV_PIX_FMT_YUVJ420P, false, settings);
        FFmpegFrameRecorder r = null;
        try {
            int w = g.getImageWidth();
            int h = g.getImageHeight();
            if (w > maxWidth) {
                h = Math.max(2, 2 * (int) Math.round(h * (double) maxWidth / w / 2));
                w = maxWidth - maxWidth % 2;
            }
            g.setImageWidth(w);
            g.setImageHeight(h);
            long at = Math.max(0, Math.min(offset.toNanos() / 1000, clipLength.toNanos() / 1000 - 1));
            if (at > 0) {
                g.setTimestamp(at);
            }
            Frame picked = null;
            Frame last = null;
            Frame f;
            while ((f = g.grabImage()) != null) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("export interrupted");
                }
                last = f;
                if (f.timestamp >= at) {
                    picked = f;
                    break;
                }
            }
            if (picked == null) {
                picked = last;
            }
            if (picked == null) {
                throw new TranscodeException("the clip has no picture to take a thumbnail from", false);
            }
            r = new FFmpegFrameRecorder(out.toString(), w, h, 0);
            r.setFormat("image2");
            r.setOption("update", "1");
            r.setVideoCodec(avcodec.AV_CODEC_ID_MJPEG);
            r.setPixelFormat(AV_PIX_FMT_YUVJ420P);
            r.setFrameRate(1);
            // quantizer scale 2 (best) .. 31; quality 0.85 gives 5
            r.setVideoQuality(Math.max(2, Math.min(31, Math.round(2 + (1 - quality) * 20))));
            r.start();
            r.record(new ClipCutter.Repacker(w, h).pack(picked), AV_PIX_FMT_YUVJ420P);
            r.stop();
        } catch (FFmpegFrameGrabber.Exception e) {
            throw new TranscodeException("cannot read the finished clip for its thumbnail", false, e);
        } catch (FFmpegFrameRecorder.Exception e) {
            int code = FfmpegErrors.code(e);
            throw new TranscodeException("cannot write the thumbnail (" + FfmpegErrors.describe(code) + ")", FfmpegErrors.isTransient(code), e);
        } finally {
            SourceInput.closeQuietly(r);
            SourceInput.closeQuietly(g);
        }
    }
}
