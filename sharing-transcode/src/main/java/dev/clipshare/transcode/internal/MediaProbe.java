package dev.clipshare.transcode.internal;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Reads the facts of a finished file from its container (no decoding): duration, the first video
 * stream's size and codec, the first audio stream's codec.
 *
 * @param duration   the container's duration
 * @param width      video width
 * @param height     video height
 * @param videoCodec e.g. {@code h264}
 * @param audioCodec e.g. {@code aac}, or {@code null} without audio
 * @param bytes      file size
 */
public record MediaProbe(Duration duration, int width, int height, String videoCodec, String audioCodec, long bytes) {

    public static MediaProbe of(Path file) throws java.io.IOException {
        FfmpegSetup.init();
        AVFormatContext oc = new AVFormatContext(null);
        int ret = avformat_open_input(oc, file.toString(), null, null);
        if (ret < 0) {
            throw new java.io.IOException("avformat_open_input() error " + ret + " on " + file);
        }
        try {
            ret = avformat_find_stream_info(oc, (PointerPointer<?>) null);
            if (ret < 0) {
                throw new java.io.IOException("avformat_find_stream_info() error " + ret + " on " + file);
            }
            int width = 0;
            int height = 0;
            String video = null;
            String audio = null;
            for (int i = 0; i < oc.nb_streams(); i++) {
                AVStream st = oc.streams(i);
                AVCodecParameters par = st.codecpar();
                if (par.codec_type() == AVMEDIA_TYPE_VIDEO && video == null) {
                    video = avcodec_get_name(par.codec_id()).getString();
                    width = par.width();
                    height = par.height();
                } else if (par.codec_type() == AVMEDIA_TYPE_AUDIO && audio == null) {
                    audio = avcodec_get_name(par.codec_id()).getString();
                }
            }
            long us = oc.duration() == AV_NOPTS_VALUE ? 0 : oc.duration();
            return new MediaProbe(Duration.ofNanos(us * 1000), width, height, video, audio, Files.size(file));
        } finally {
            avformat_close_input(oc);
        }
    }
}
