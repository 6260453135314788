package dev.clipshare.transcode.internal;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.Loader;

/**
 * Loads the FFmpeg natives once and quiets FFmpeg's own logging (it writes to stderr) from
 * "info" to "error", unless the host already chose a level.
 */
public final class FfmpegSetup {
    private static volatile boolean done;

    private FfmpegSetup() { }

    public static void init() {
        if (done) {
            return;
        }
        synchronized (FfmpegSetup.class) {
            if (done) {
                return;
            }
            Loader.load(avformat.class);
            if (av_log_get_level() == AV_LOG_INFO) {
                av_log_set_level(AV_LOG_ERROR);
            }
            avformat.avformat_network_init();
            done = true;
        }
    }

    /** Whether this FFmpeg build has an encoder of that name. */
    public static boolean hasEncoder(String name) {
        init();
        AVCodec c = avcodec.avcodec_find_encoder_by_name(name);
        return c != null && !c.isNull();
    }

    /** The H.264 encoder to use: libx264 in the GPL build, else OpenH264 (the LGPL build). */
    public static String defaultH264Encoder() {
        if (hasEncoder("libx264")) {
            return "libx264";
        }
        if (hasEncoder("libopenh264")) {
            return "libopenh264";
        }
        throw new IllegalStateException("this FFmpeg build has no H.264 encoder (neither libx264 nor libopenh264)");
    }
}
