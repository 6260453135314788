package dev.clipshare.transcode.internal;

import dev.clipshare.core.spi.SourceMedia;
import dev.clipshare.core.spi.TranscodeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Opens a source for reading, turning every way that can fail into a {@link TranscodeException}
 * with a plain reason: a missing file, a folder, an unreadable file, a network error (retryable),
 * something that is not a video.
 */
public final class SourceInput {
    private SourceInput() { }

    /**
     * A started grabber on the source.
     *
     * @param pixelFormat the decoded pixel format, or -1 for JavaCV's default (BGR24)
     * @param threaded    decode with a thread per core (throughput, for the cut) rather than one
     *                    (latency of the first frame, for the thumbnail)
     */
    public static FFmpegFrameGrabber open(SourceMedia source, int pixelFormat, boolean threaded, EncodeSettings settings)
            throws TranscodeException {
        return open(source, pixelFormat, threaded, settings, true);
    }

    /** A started grabber on a source that may have no video (an audio file); it must have audio then. */
    public static FFmpegFrameGrabber openAudio(SourceMedia source, EncodeSettings settings) throws TranscodeException {
        return open(source, -1, false, settings, false);
    }

    /** Whether a failure is {@link #open}'s refusal of a source without pictures (so it may be shared as audio). */
    public static boolean isNoVideo(TranscodeException e) {
        return e.getMessage() != null && e.getMessage().startsWith(NO_VIDEO);
    }

    private static final String NO_VIDEO = "source has no video stream";

    private static FFmpegFrameGrabber open(SourceMedia source, int pixelFormat, boolean threaded, EncodeSettings settings,
                                           boolean requireVideo) throws TranscodeException {
        FfmpegSetup.init();
        Optional<Path> file = source.file();
        String what = file.map(Path::toString).orElse(redacted(source));
        if (file.isPresent()) {
            Path p = file.get();
            if (!Files.exists(p)) {
                throw new TranscodeException("source not found: " + what, false);
            }
            if (Files.isDirectory(p)) {
                throw new TranscodeException("source is a folder, not a video file: " + what, false);
            }
            if (!Files.isReadable(p)) {
                throw new TranscodeException("source cannot be read (permission denied): " + what, false);
            }
            try {
                if (Files.size(p) == 0) {
                    throw new TranscodeException("source is an empty file: " + what, false);
                }
            } catch (java.io.IOException e) {
                throw new TranscodeException("source cannot be read (" + e.getMessage() + "): " + what, true, e);
            }
        }
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(source.location());
        if (file.isEmpty()) {
            // a stalled network read ends after this, so a worker is never stuck on a dead server
            g.setOption("rw_timeout", Long.toString(settings.networkTimeout().toNanos() / 1000));
        }
        if (pixelFormat >= 0) {
            g.setPixelFormat(pixelFormat);
        }
        if (threaded) {
            // FFmpeg's library default is one decoding thread; the ffmpeg tool uses one per core
            g.setVideoOption("threads", "auto");
        }
        g.setSampleMode(FrameGrabber.SampleMode.SHORT);
        try {
            g.start();
        } catch (FFmpegFrameGrabber.Exception | RuntimeException e) {
            closeQuietly(g);
            throw FfmpegErrors.openFailed(what, e);
        }
        if (!requireVideo) {
            if (g.getAudioChannels() <= 0) {
                closeQuietly(g);
                throw new TranscodeException("source has neither video nor audio: " + what, false);
            }
            return g;
        }
        if (videoStream(g.getFormatContext()) < 0) {
            closeQuietly(g);
            throw new TranscodeException(NO_VIDEO + " (is it an audio file?): " + what, false);
        }
        if (g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
            closeQuietly(g);
            throw new TranscodeException("source video has no picture size; it is damaged or not a video: " + what, false);
        }
        return g;
    }

    static int videoStream(AVFormatContext oc) {
        for (int i = 0; i < oc.nb_streams(); i++) {
            AVStream st = oc.streams(i);
            if (st.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO
                    && (st.disposition() & org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC) == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The source's duration in microseconds, or -1 when the container does not say. */
    public static long durationMicros(FFmpegFrameGrabber g) {
        long d = g.getFormatContext().duration();
        return d == avutil.AV_NOPTS_VALUE || d <= 0 ? -1 : d;
    }

    /** A URL without user info or query, safe for a failure reason. */
    static String redacted(SourceMedia source) {
        java.net.URI u = source.uri();
        return u.getScheme() + "://" + (u.getHost() == null ? "" : u.getHost()) + (u.getPort() > 0 ? ":" + u.getPort() : "")
                + (u.getRawPath() == null ? "" : u.getRawPath());
    }

    public static void closeQuietly(FFmpegFrameGrabber g) {
        if (g == null) {
            return;
        }
        try {
            g.release();
        } catch (Exception ignored) {
            // releasing natives of a half-opened grabber: nothing more to do
        }
    }

    public static void closeQuietly(org.bytedeco.javacv.FFmpegFrameRecorder r) {
        if (r == null) {
            return;
        }
        try {
            r.release();
        } catch (Exception ignored) {
            // nothing more to do
        }
    }
}
