package dev.clipshare.transcode.internal;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import dev.clipshare.core.ClipRange;
import dev.clipshare.core.spi.SourceMedia;
import dev.clipshare.core.spi.TranscodeException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * The fast mode: copies the source's packets from the keyframe at or before the range's start
 * up to its end, without decoding. Only for sources that are already web-ready (H.264 in 4:2:0,
 * AAC or no audio, within the size caps); the clip then starts up to one GOP early.
 */
public final class KeyframeCopier {
    private KeyframeCopier() { }

    /** Empty when the source is not web-ready and must be re-encoded; else the copy was written. */
    public static Optional<ClipCutter.Cut> copy(SourceMedia source, ClipRange range, Path out, EncodeSettings s,
                                                MonotonicProgress progress, int from, int to)
            throws TranscodeException, InterruptedException {
        FFmpegFrameGrabber g = SourceInput.open(source, -1, false, s);
        FFmpegFrameRecorder r = null;
        try {
            AVFormatContext ic = g.getFormatContext();
            int video = SourceInput.videoStream(ic);
            int audio = -1;
            for (int i = 0; i < ic.nb_streams(); i++) {
                if (ic.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_AUDIO && audio < 0) {
                    audio = i;
                }
            }
            AVCodecParameters vp = ic.streams(video).codecpar();
            boolean webReady = vp.codec_id() == avcodec.AV_CODEC_ID_H264 && vp.format() == AV_PIX_FMT_YUV420P
                    && vp.width() <= s.maxWidth() && vp.height() <= s.maxHeight()
                    && vp.width() % 2 == 0 && vp.height() % 2 == 0
                    && Rotator.clockwise(g.getDisplayRotation()) == 0   // copying would lose the rotation
                    && (audio < 0 || ic.streams(audio).codecpar().codec_id() == avcodec.AV_CODEC_ID_AAC);
            if (!webReady) {
                return Optional.empty();
            }
            long duration = SourceInput.durationMicros(g);
            long startUs = range == null ? 0 : range.start().toNanos() / 1000;
            long endUs = range == null ? Long.MAX_VALUE : range.end().toNanos() / 1000;
            if (duration > 0 && startUs >= duration) {
                throw new TranscodeException(String.format(Locale.ROOT,
                        "range starts at %.3f s, at or after the end of the source (%.3f s)", startUs / 1e6, duration / 1e6), false);
            }
            boolean clamped = duration > 0 && endUs > duration && range != null;
            if (duration > 0) {
                endUs = Math.min(endUs, duration);
            }
            long span = Math.max(1, (endUs == Long.MAX_VALUE ? duration : endUs) - startUs);
            long startTime = ic.start_time() == AV_NOPTS_VALUE ? 0 : ic.start_time();
            if (startUs > 0 && av_seek_frame(ic, -1, startUs + startTime, AVSEEK_FLAG_BACKWARD) < 0) {
                throw new TranscodeException(String.format(Locale.ROOT, "source cannot be read near %.3f s; it may be damaged", startUs / 1e6), false);
            }
            r = new FFmpegFrameRecorder(out.toString(), vp.width(), vp.height(), audio < 0 ? 0 : ic.streams(audio).codecpar().ch_layout().nb_channels());
            r.setFormat("mp4");
            r.setOption("movflags", "+faststart");
            r.start(ic);

            AVRational microseconds = new AVRational().num(1).den(1_000_000);
            long originUs = -1;
            long lastVideoUs = -1;
            int frames = 0;
            AVPacket pkt;
            while ((pkt = g.grabPacket()) != null) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("export interrupted");
                }
                int index = pkt.stream_index();
                if (index != video && index != audio) {
                    continue;
                }
                AVStream st = ic.streams(index);
                long ts = pkt.pts() != AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
                if (ts == AV_NOPTS_VALUE) {
                    continue;
                }
                long us = av_rescale_q(ts, st.time_base(), microseconds) - startTime;
                if (index == video) {
                    if (originUs < 0) {
                        if ((pkt.flags() & AV_PKT_FLAG_KEY) == 0) {
                            continue;
                        }
                        originUs = us;
                    }
                    if (us >= endUs && (pkt.flags() & AV_PKT_FLAG_KEY) != 0 || us >= endUs + 1_000_000) {
                        break;
                    }
                    if (us >= endUs) {
                        continue;
                    }
                    frames++;
                    lastVideoUs = Math.max(lastVideoUs, us);
                    progress.step(from, to, (us - startUs) / (double) span);
                } else if (originUs < 0 || us < originUs || us >= endUs) {
                    continue;
                }
                long shift = av_rescale_q(originUs + startTime, microseconds, st.time_base());
                pkt.pts(pkt.pts() == AV_NOPTS_VALUE ? AV_NOPTS_VALUE : pkt.pts() - shift);
                pkt.dts(pkt.dts() == AV_NOPTS_VALUE ? AV_NOPTS_VALUE : pkt.dts() - shift);
                r.recordPacket(pkt);
            }
            if (frames == 0) {
                throw new TranscodeException(String.format(Locale.ROOT, "the range %.3f–%.3f s holds no video frame",
                        startUs / 1e6, endUs / 1e6), false);
            }
            r.stop();
            return Optional.of(new ClipCutter.Cut(frames, originUs, lastVideoUs, clamped));
        } catch (FFmpegFrameGrabber.Exception e) {
            throw ClipCutter.damaged(0, e);
        } catch (FFmpegFrameRecorder.Exception e) {
            throw ClipCutter.encodeFailed(e);
        } finally {
            SourceInput.closeQuietly(r);
            SourceInput.closeQuietly(g);
        }
    }
}
