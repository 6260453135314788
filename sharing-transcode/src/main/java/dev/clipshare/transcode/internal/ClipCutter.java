package dev.clipshare.transcode.internal;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import dev.clipshare.core.ClipRange;
import dev.clipshare.core.spi.SourceMedia;
import dev.clipshare.core.spi.TranscodeException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * The frame-accurate cut: decodes the source straight to YUV 4:2:0 at the output size (one
 * scaling pass inside the decoder's converter), keeps the video frames from the first one at or
 * after the range's start to the last one before its end, trims the audio to the same span by
 * sample, and encodes H.264 + AAC into an MP4 whose moov atom comes first. Decoding runs on the
 * calling thread (which sees interrupts); video and audio are encoded on an {@link EncoderPipe}
 * thread each, into two files that {@link StreamMerger} joins (moov first) at the end.
 *
 * <p>The output has a constant frame rate (the source's average, at most 60 fps) counted from
 * the first kept frame. A variable-frame-rate source keeps its timing within one frame: a frame
 * that would share a slot of that grid with the previous one is dropped, and an empty slot shows
 * the next frame a little early. A source stored sideways with a rotation in its metadata is
 * turned upright.
 */
public final class ClipCutter {
    /**
     * Seek to this long before the start: JavaCV's seek consumes the frames it decodes up to its
     * target, so the frames and samples at the start itself must lie after that target.
     */
    private static final long PREROLL_US = 200_000;
    /** After the video ends, read at most this far for the audio that is still to come. */
    private static final long AUDIO_TAIL_US = 2_000_000;
    /** Audio that arrives before the first video frame is held back, up to this much. */
    private static final int MAX_PENDING_AUDIO = 512;
    private static final int[] AAC_RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000};

    private ClipCutter() { }

    /** What the cut produced. */
    public record Cut(int frames, long firstFrameMicros, long endMicros, boolean clamped) { }

    public static Cut cut(SourceMedia source, ClipRange range, Path out, EncodeSettings s, MonotonicProgress progress,
                          int from, int to) throws TranscodeException, InterruptedException {
        FFmpegFrameGrabber g = SourceInput.open(source, AV_PIX_FMT_YUV420P, true, s);
        FFmpegFrameRecorder r = null;
        FFmpegFrameRecorder ra = null;
        EncoderPipe pipe = null;
        EncoderPipe audioPipe = null;
        long audioSamples = 0;
        try {
            long duration = SourceInput.durationMicros(g);
            long startUs = range == null ? 0 : range.start().toNanos() / 1000;
            long requestedEnd = range == null ? Long.MAX_VALUE : range.end().toNanos() / 1000;
            if (duration > 0 && startUs >= duration) {
                throw new TranscodeException(String.format(Locale.ROOT,
                        "range starts at %.3f s, at or after the end of the source (%.3f s)", startUs / 1e6, duration / 1e6), false);
            }
            boolean clamped = duration > 0 && requestedEnd > duration && range != null;
            long endUs = duration > 0 ? Math.min(requestedEnd, duration) : requestedEnd;
            long spanUs = endUs == Long.MAX_VALUE ? Math.max(1, duration) : Math.max(1, endUs - startUs);

            int rotation = Rotator.clockwise(g.getDisplayRotation());
            boolean sideways = rotation == 90 || rotation == 270;
            OutputSize size = sideways
                    ? OutputSize.fit(g.getImageHeight(), (int) Math.round(g.getImageWidth() * sar(g)), 1.0, s.maxWidth(), s.maxHeight())
                    : OutputSize.fit(g.getImageWidth(), g.getImageHeight(), g.getAspectRatio(), s.maxWidth(), s.maxHeight());
            // the decoder scales to the stored orientation; the rotator turns the result upright
            int decodeWidth = sideways ? size.height() : size.width();
            int decodeHeight = sideways ? size.width() : size.height();
            double fps = frameRate(g);
            int channels = Math.min(2, Math.max(0, g.getAudioChannels()));
            boolean audio = channels > 0 && g.getSampleRate() > 0;

            g.setImageWidth(decodeWidth);
            g.setImageHeight(decodeHeight);
            if (startUs > PREROLL_US) {
                try {
                    g.setTimestamp(startUs - PREROLL_US);
                } catch (FFmpegFrameGrabber.Exception e) {
                    throw new TranscodeException(String.format(Locale.ROOT, "source cannot be read near %.3f s; it may be damaged", startUs / 1e6),
                            false, e);
                }
            }

            // with audio, each stream is encoded into its own file on its own thread and the two are
            // merged afterwards (packet copy); without, the video goes straight to the clip
            Path videoOut = audio ? out.resolveSibling(".video-" + out.getFileName()) : out;
            Path audioOut = out.resolveSibling(".audio-" + out.getFileName());
            r = new FFmpegFrameRecorder(videoOut.toString(), size.width(), size.height(), 0);
            r.setFormat("mp4");
            if (!audio) {
                r.setOption("movflags", "+faststart");
            }
            r.setVideoCodecName(s.videoEncoder());
            r.setPixelFormat(AV_PIX_FMT_YUV420P);
            r.setFrameRate(fps);
            r.setGopSize((int) Math.max(1, Math.round(fps * s.keyframeInterval().toMillis() / 1000.0)));
            if ("libx264".equals(s.videoEncoder())) {
                r.setVideoOption("preset", s.x264Preset());
                r.setVideoOption("crf", Integer.toString(s.crf()));
                // keyframes only where the GOP says, so HLS segments have the configured length
                r.setVideoOption("sc_threshold", "0");
            } else {
                r.setVideoBitrate((int) Math.min(Integer.MAX_VALUE, s.bitrateFor(size.width(), size.height(), fps)));
            }
            r.setVideoOption("threads", "0");
            try {
                r.start();
            } catch (FFmpegFrameRecorder.Exception e) {
                throw new TranscodeException("cannot start the " + s.videoEncoder() + " encoder at " + size.width() + "x" + size.height()
                        + ": " + e.getMessage(), false, e);
            }
            if (audio) {
                ra = new FFmpegFrameRecorder(audioOut.toString(), 0, 0, channels);
                ra.setFormat("mp4");
                ra.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                ra.setAudioBitrate(s.audioBitrate());
                ra.setSampleRate(aacRate(g.getSampleRate()));
                ra.setAudioChannels(channels);
                ra.start();
                audioPipe = new EncoderPipe(ra, 0, 0, "clipshare-encode-audio");
            }

            pipe = new EncoderPipe(r, size.width(), size.height(), "clipshare-encode-video");
            Repacker repacker = new Repacker(decodeWidth, decodeHeight);
            Rotator rotator = rotation == 0 ? null : new Rotator(rotation, decodeWidth, decodeHeight);
            List<Frame> pendingAudio = new ArrayList<>();
            long firstVideo = -1;
            long lastVideo = -1;
            int lastSlot = -1;
            int frames = 0;
            boolean videoDone = false;
            boolean audioDone = !audio;
            long latest = 0;
            while (true) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("export interrupted");
                }
                Frame f;
                try {
                    f = g.grabFrame(audio, true, true, false, false);
                } catch (FFmpegFrameGrabber.Exception e) {
                    throw damaged(Math.max(latest, startUs), e);
                }
                if (f == null) {
                    break;
                }
                long ts = f.timestamp;
                latest = Math.max(latest, ts);
                if (f.image != null) {
                    if (ts < startUs) {
                        continue;
                    }
                    if (ts >= endUs) {
                        videoDone = true;
                        if (audioDone) {
                            break;
                        }
                        continue;
                    }
                    if (firstVideo < 0) {
                        firstVideo = ts;
                        for (Frame a : pendingAudio) {
                            audioSamples += writeAudio(audioPipe, a, firstVideo, endUs);
                        }
                        pendingAudio.clear();
                    }
                    int slot = (int) Math.round((ts - firstVideo) * fps / 1_000_000.0);
                    if (slot <= lastSlot) {
                        continue;
                    }
                    Frame picture = repacker.pack(f);
                    if (rotator != null) {
                        picture = rotator.rotate(picture);
                    }
                    // a gap in a variable-rate source is filled with this frame, so the output is truly constant-rate
                    pipe.picture(picture, lastSlot + 1, slot);
                    lastSlot = slot;
                    lastVideo = ts;
                    frames++;
                    progress.step(from, to, (ts - startUs) / (double) spanUs);
                } else if (f.samples != null && audio) {
                    if (ts >= endUs) {
                        audioDone = true;
                        if (videoDone) {
                            break;
                        }
                        continue;
                    }
                    if (firstVideo < 0) {
                        long frameEnd = ts + Math.round(sampleCount(f) * 1e6 / f.sampleRate);
                        if (frameEnd > startUs && pendingAudio.size() < MAX_PENDING_AUDIO) {
                            pendingAudio.add(f.clone());
                        }
                    } else {
                        audioSamples += writeAudio(audioPipe, f, firstVideo, endUs);
                    }
                }
                if (videoDone && latest > endUs + AUDIO_TAIL_US) {
                    break;
                }
            }
            if (frames == 0) {
                String span = range == null ? "the source" : String.format(Locale.ROOT, "the range %.3f–%.3f s",
                        startUs / 1e6, (endUs == Long.MAX_VALUE ? requestedEnd : endUs) / 1e6);
                String length = duration > 0 ? String.format(Locale.ROOT, " (the source is %.3f s long)", duration / 1e6) : "";
                throw new TranscodeException(span + " holds no video frame" + length, false);
            }
            pipe.finish();
            r.stop();
            if (audio) {
                audioPipe.finish();
                ra.stop();
                r.release();
                ra.release();
                try {
                    StreamMerger.merge(videoOut, audioSamples > 0 ? audioOut : null, out);
                    Files.deleteIfExists(videoOut);
                    Files.deleteIfExists(audioOut);
                } catch (IOException e) {
                    throw new TranscodeException("cannot write the clip (" + e.getMessage() + ")", true, e);
                }
            }
            return new Cut(frames, firstVideo, lastVideo, clamped);
        } catch (FFmpegFrameRecorder.Exception e) {
            throw encodeFailed(e);
        } finally {
            if (pipe != null) {
                pipe.close();
            }
            if (audioPipe != null) {
                audioPipe.close();
            }
            SourceInput.closeQuietly(ra);
            SourceInput.closeQuietly(r);
            SourceInput.closeQuietly(g);
        }
    }

    static TranscodeException damaged(long atMicros, Exception e) {
        return new TranscodeException(String.format(Locale.ROOT, "source is damaged: decoding failed near %.3f s", atMicros / 1e6), false, e);
    }

    static TranscodeException encodeFailed(Exception e) {
        int code = FfmpegErrors.code(e);
        boolean transient_ = FfmpegErrors.isTransient(code);
        return new TranscodeException("encoding the clip failed (" + FfmpegErrors.describe(code) + ")", transient_, e);
    }

    private static double sar(FFmpegFrameGrabber g) {
        double sar = g.getAspectRatio();
        return sar > 0.01 && sar < 100 ? sar : 1.0;
    }

    /** The frame rate for the output grid: the source's average rate, kept within 1..60 fps. */
    static double frameRate(FFmpegFrameGrabber g) {
        double fps = g.getVideoFrameRate();
        if (!(fps >= 1 && fps <= 240)) {
            fps = g.getFrameRate();
        }
        if (!(fps >= 1 && fps <= 240)) {
            fps = 30;
        }
        return Math.min(fps, 60);
    }

    static int aacRate(int rate) {
        for (int r : AAC_RATES) {
            if (r == rate) {
                return rate;
            }
        }
        return 48000;
    }

    private static int sampleCount(Frame f) {
        Buffer b = f.samples[0];
        return f.samples.length > 1 ? b.remaining() : b.remaining() / Math.max(1, f.audioChannels);
    }

    /** Writes the part of an audio frame that lies in {@code [origin, end)}; returns how many samples. */
    private static int writeAudio(EncoderPipe pipe, Frame f, long origin, long end)
            throws FFmpegFrameRecorder.Exception, InterruptedException {
        int n = sampleCount(f);
        int rate = f.sampleRate;
        long ts = f.timestamp;
        int skip = (int) Math.max(0, Math.min(n, Math.round((origin - ts) * rate / 1e6)));
        int keep = (int) Math.max(0, Math.min(n, Math.round((end - ts) * rate / 1e6)));
        if (keep <= skip) {
            return 0;
        }
        boolean planar = f.samples.length > 1;
        int per = planar ? 1 : f.audioChannels;
        Buffer[] sliced = new Buffer[f.samples.length];
        for (int i = 0; i < sliced.length; i++) {
            Buffer b = f.samples[i];
            int base = b.position();
            Buffer d = b.duplicate();
            d.position(base + skip * per);
            d.limit(base + keep * per);
            sliced[i] = d.slice();
        }
        pipe.samples(rate, f.audioChannels, sliced);
        return keep - skip;
    }

    /**
     * JavaCV hands decoded 4:2:0 pictures with padded rows when the width is not a multiple of
     * the alignment; its recorder reads 4:2:0 input as tightly packed. This packs the planes (a
     * row copy, cheap next to encoding) when needed and passes aligned frames through.
     */
    static final class Repacker {
        private final int width;
        private final int height;
        private final Frame packed;

        Repacker(int width, int height) {
            this.width = width;
            this.height = height;
            this.packed = new Frame(width, height, Frame.DEPTH_UBYTE, 1, width);
            int size = width * height + 2 * ((width + 1) / 2) * ((height + 1) / 2);
            this.packed.image = new Buffer[] {ByteBuffer.allocateDirect(size)};
        }

        Frame pack(Frame f) {
            if (f.imageStride == width) {
                return f;
            }
            ByteBuffer src = (ByteBuffer) f.image[0];
            int ls0 = f.imageStride;
            int cw = (width + 1) / 2;
            int ch = (height + 1) / 2;
            int ls1 = (src.capacity() - ls0 * height) / (2 * ch);
            if (ls1 < cw) {
                throw new IllegalStateException("unexpected 4:2:0 layout: stride " + ls0 + ", chroma stride " + ls1 + " for width " + width);
            }
            ByteBuffer dst = (ByteBuffer) packed.image[0];
            dst.clear();
            ByteBuffer s = src.duplicate();
            s.limit(s.capacity());
            copyPlane(s, 0, ls0, width, height, dst);
            copyPlane(s, ls0 * height, ls1, cw, ch, dst);
            copyPlane(s, ls0 * height + ls1 * ch, ls1, cw, ch, dst);
            dst.flip();
            packed.timestamp = f.timestamp;
            return packed;
        }

        private static void copyPlane(ByteBuffer s, int offset, int stride, int w, int h, ByteBuffer dst) {
            for (int y = 0; y < h; y++) {
                int p = offset + y * stride;
                s.limit(p + w).position(p);
                dst.put(s);
                s.limit(s.capacity());
            }
        }
    }
}
