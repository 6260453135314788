package dev.clipshare.transcode.internal;

import dev.clipshare.core.ClipRange;
import dev.clipshare.core.spi.SourceMedia;
import dev.clipshare.core.spi.TranscodeException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Cuts the range of a source without pictures (an audio file) into an AAC audio MP4 (an M4A by
 * another name), moov first so browsers start playing before the end has arrived. The samples are
 * decoded and re-encoded: the cut is sample-exact, whatever the source's codec (MP3, Opus, FLAC,
 * WAV, AAC).
 */
public final class AudioCutter {
    private AudioCutter() { }

    public static void cut(SourceMedia source, ClipRange range, Path out, EncodeSettings settings, MonotonicProgress progress,
                           int from, int to) throws TranscodeException, InterruptedException {
        FFmpegFrameGrabber g = SourceInput.openAudio(source, settings);
        FFmpegFrameRecorder r = null;
        try {
            long startUs = range == null ? 0 : range.start().toNanos() / 1000;
            long endUs = range == null ? Long.MAX_VALUE : range.end().toNanos() / 1000;
            long total = range != null ? endUs - startUs : Math.max(1, SourceInput.durationMicros(g));
            int channels = Math.min(2, g.getAudioChannels());
            r = new FFmpegFrameRecorder(out.toString(), 0, 0, channels);
            r.setFormat("mp4");
            r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            r.setAudioBitrate(settings.audioBitrate());
            r.setSampleRate(g.getSampleRate() > 0 ? g.getSampleRate() : 48_000);
            r.setOption("movflags", "+faststart");
            r.start();
            if (startUs > 0) {
                g.setTimestamp(startUs);
            }
            boolean any = false;
            Frame f;
            while ((f = g.grabSamples()) != null) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("export interrupted");
                }
                if (f.timestamp < startUs) {
                    continue; // a seek lands on the packet before the start
                }
                if (f.timestamp >= endUs) {
                    break;
                }
                r.record(f);
                any = true;
                if (total > 0) {
                    progress.update(from + (int) ((to - from) * Math.min(1.0, (f.timestamp - startUs) / (double) total)));
                }
            }
            if (!any) {
                throw new TranscodeException("the range holds no audio: " + range, false);
            }
            r.stop();
        } catch (FFmpegFrameGrabber.Exception e) {
            int code = FfmpegErrors.code(e);
            throw new TranscodeException("source cannot be read (" + FfmpegErrors.describe(code) + ")", FfmpegErrors.isTransient(code), e);
        } catch (FFmpegFrameRecorder.Exception e) {
            int code = FfmpegErrors.code(e);
            throw new TranscodeException("cannot write the audio clip (" + FfmpegErrors.describe(code) + ")", FfmpegErrors.isTransient(code), e);
        } finally {
            SourceInput.closeQuietly(r);
            SourceInput.closeQuietly(g);
        }
    }
}
