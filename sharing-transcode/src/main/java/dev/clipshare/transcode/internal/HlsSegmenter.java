package dev.clipshare.transcode.internal;

import dev.clipshare.core.spi.SourceMedia;
import dev.clipshare.core.spi.TranscodeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * Splits the finished MP4 into an HLS VOD playlist ({@code index.m3u8}) and MPEG-TS segments
 * ({@code seg-00000.ts}…) by copying packets: no second encode. Segments are cut on the
 * keyframes the encoder placed.
 */
public final class HlsSegmenter {
    public static final String PLAYLIST = "index.m3u8";

    private HlsSegmenter() { }

    public static void write(Path clip, Path dir, Duration segment, EncodeSettings settings)
            throws TranscodeException, InterruptedException {
        write(clip, dir, segment, settings, false);
    }

    /** @param audioOnly the clip is an audio clip (no picture) */
    public static void write(Path clip, Path dir, Duration segment, EncodeSettings settings, boolean audioOnly)
            throws TranscodeException, InterruptedException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TranscodeException("cannot create the HLS folder (" + e.getMessage() + ")", true, e);
        }
        FFmpegFrameGrabber g = audioOnly ? SourceInput.openAudio(SourceMedia.of(clip), settings)
                : SourceInput.open(SourceMedia.of(clip), -1, false, settings);
        FFmpegFrameRecorder r = null;
        try {
            r = new FFmpegFrameRecorder(dir.resolve(PLAYLIST).toString(), g.getImageWidth(), g.getImageHeight(), g.getAudioChannels());
            r.setFormat("hls");
            r.setOption("hls_time", String.format(Locale.ROOT, "%.3f", segment.toMillis() / 1000.0));
            r.setOption("hls_playlist_type", "vod");
            r.setOption("hls_list_size", "0");
            r.setOption("hls_segment_type", "mpegts");
            r.setOption("hls_segment_filename", dir.resolve("seg-%05d.ts").toString());
            r.start(g.getFormatContext());
            AVPacket pkt;
            while ((pkt = g.grabPacket()) != null) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("export interrupted");
                }
                r.recordPacket(pkt);
            }
            r.stop();
        } catch (FFmpegFrameGrabber.Exception | FFmpegFrameRecorder.Exception e) {
            int code = FfmpegErrors.code(e);
            throw new TranscodeException("cannot write the HLS stream (" + FfmpegErrors.describe(code) + ")",
                    FfmpegErrors.isTransient(code), e);
        } finally {
            SourceInput.closeQuietly(r);
            SourceInput.closeQuietly(g);
        }
    }
}
