package dev.clipshare.transcode.internal;

import dev.clipshare.core.spi.SourceMedia;
import dev.clipshare.core.spi.TranscodeException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.Buffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.bytedeco.javacv.Frame;

/**
 * The poster of an audio clip: its waveform, drawn from the clip's own samples (the peak of each
 * column, mirrored around the middle), light on dark, as a JPEG the size of a 16:9 card. What link
 * cards and the audio player show where a video would have its thumbnail.
 */
public final class Waveform {
    public static final int WIDTH = 1280;
    public static final int HEIGHT = 720;
    private static final int BARS = 160;

    private Waveform() { }

    public static void write(Path clip, Duration length, float quality, Path out, EncodeSettings settings)
            throws TranscodeException, InterruptedException {
        float[] peaks = peaks(clip, length, settings);
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D gr = img.createGraphics();
        try {
            gr.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            gr.setColor(new Color(0x11, 0x13, 0x18));
            gr.fillRect(0, 0, WIDTH, HEIGHT);
            gr.setColor(new Color(0x8a, 0xb4, 0xf8));
            int pitch = WIDTH / BARS;
            int mid = HEIGHT / 2;
            for (int i = 0; i < BARS; i++) {
                int h = Math.max(4, Math.round(peaks[i] * (HEIGHT * 0.8f)));
                gr.fillRoundRect(i * pitch + pitch / 4, mid - h / 2, Math.max(2, pitch / 2), h, 4, 4);
            }
        } finally {
            gr.dispose();
        }
        // encoded by FFmpeg's MJPEG encoder, as the video thumbnails are: one JPEG path, no javax.imageio
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(out.toString(), WIDTH, HEIGHT, 0);
        try (Java2DFrameConverter converter = new Java2DFrameConverter()) {
            r.setFormat("image2");
            r.setOption("update", "1");
            r.setVideoCodec(avcodec.AV_CODEC_ID_MJPEG);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUVJ420P);
            r.setFrameRate(1);
            r.setVideoQuality(Math.max(2, Math.min(31, Math.round(2 + (1 - quality) * 20))));
            r.start();
            r.record(converter.convert(img));
            r.stop();
        } catch (FFmpegFrameRecorder.Exception e) {
            int code = FfmpegErrors.code(e);
            throw new TranscodeException("cannot write the waveform poster (" + FfmpegErrors.describe(code) + ")",
                    FfmpegErrors.isTransient(code), e);
        } finally {
            SourceInput.closeQuietly(r);
        }
    }

    /** The loudest sample of each bar's stretch of the clip, 0..1, scaled so the loudest bar is 1. */
    private static float[] peaks(Path clip, Duration length, EncodeSettings settings) throws TranscodeException, InterruptedException {
        float[] peaks = new float[BARS];
        FFmpegFrameGrabber g = SourceInput.openAudio(SourceMedia.of(clip), settings);
        try {
            long lengthUs = Math.max(1, length.toNanos() / 1000);
            Frame f;
            while ((f = g.grabSamples()) != null) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("export interrupted");
                }
                int bar = (int) Math.min(BARS - 1, Math.max(0, f.timestamp * BARS / lengthUs));
                for (Buffer b : f.samples) {
                    if (b instanceof ShortBuffer s) {
                        for (int i = s.position(); i < s.limit(); i++) {
                            peaks[bar] = Math.max(peaks[bar], Math.abs(s.get(i)) / 32768f);
                        }
                    }
                }
            }
        } catch (FFmpegFrameGrabber.Exception e) {
            throw new TranscodeException("cannot read the finished audio clip for its poster", false, e);
        } finally {
            SourceInput.closeQuietly(g);
        }
        float max = 0;
        for (float p : peaks) {
            max = Math.max(max, p);
        }
        if (max > 0) {
            for (int i = 0; i < BARS; i++) {
                peaks[i] /= max;
            }
        }
        return peaks;
    }
}
