package dev.clipshare.transcode.internal;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_compare_ts;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Joins a video-only and an audio-only file into one MP4 with its moov atom first, by copying
 * packets in timestamp order (no decoding). It lets the cut encode video and audio on two
 * threads, like the ffmpeg tool does, and costs one pass over the bytes.
 */
final class StreamMerger {
    private StreamMerger() { }

    /** Writes {@code out} from the stream of {@code video} and, unless null, the stream of {@code audio}. */
    static void merge(Path video, Path audio, Path out) throws IOException {
        AVFormatContext vin = null;
        AVFormatContext ain = null;
        AVFormatContext oc = null;
        AVPacket vp = av_packet_alloc();
        AVPacket ap = av_packet_alloc();
        try {
            vin = open(video);
            ain = audio == null ? null : open(audio);
            oc = new AVFormatContext(null);
            check(avformat_alloc_output_context2(oc, null, "mp4", out.toString()), "create the output");
            AVStream vIn = vin.streams(0);
            AVStream vOut = copyStream(oc, vIn);
            AVStream aIn = ain == null ? null : ain.streams(0);
            AVStream aOut = ain == null ? null : copyStream(oc, aIn);
            if ((oc.oformat().flags() & AVFMT_NOFILE) == 0) {
                AVIOContext pb = new AVIOContext(null);
                check(avio_open(pb, out.toString(), AVIO_FLAG_WRITE), "open " + out);
                oc.pb(pb);
            }
            AVDictionary options = new AVDictionary(null);
            av_dict_set(options, "movflags", "+faststart", 0);
            int ret = avformat_write_header(oc, options);
            av_dict_free(options);
            check(ret, "write the header");

            boolean moreVideo = read(vin, vp);
            boolean moreAudio = ain != null && read(ain, ap);
            while (moreVideo || moreAudio) {
                boolean videoFirst = moreVideo && (!moreAudio
                        || av_compare_ts(time(vp), vIn.time_base(), time(ap), aIn.time_base()) <= 0);
                if (videoFirst) {
                    write(oc, vp, vIn, vOut);
                    moreVideo = read(vin, vp);
                } else {
                    write(oc, ap, aIn, aOut);
                    moreAudio = read(ain, ap);
                }
            }
            check(av_write_trailer(oc), "finish the file");
        } finally {
            av_packet_free(vp);
            av_packet_free(ap);
            if (oc != null && !oc.isNull()) {
                if (oc.pb() != null && !oc.pb().isNull()) {
                    avio_closep(oc.pb());
                }
                avformat_free_context(oc);
            }
            if (vin != null) {
                avformat_close_input(vin);
            }
            if (ain != null) {
                avformat_close_input(ain);
            }
        }
    }

    private static AVFormatContext open(Path file) throws IOException {
        AVFormatContext ic = new AVFormatContext(null);
        check(avformat_open_input(ic, file.toString(), null, null), "open " + file);
        check(avformat_find_stream_info(ic, (PointerPointer<?>) null), "read " + file);
        if (ic.nb_streams() != 1) {
            avformat_close_input(ic);
            throw new IOException(file + " should hold one stream, holds " + ic.nb_streams());
        }
        return ic;
    }

    private static AVStream copyStream(AVFormatContext oc, AVStream in) throws IOException {
        AVStream out = avformat_new_stream(oc, null);
        if (out == null) {
            throw new IOException("avformat_new_stream() failed");
        }
        check(avcodec_parameters_copy(out.codecpar(), in.codecpar()), "copy stream parameters");
        out.codecpar().codec_tag(0);
        out.time_base(in.time_base());
        return out;
    }

    private static boolean read(AVFormatContext in, AVPacket p) throws IOException {
        av_packet_unref(p);
        int ret = av_read_frame(in, p);
        if (ret == FfmpegErrors.EOF) {
            return false;
        }
        check(ret, "read a packet");
        return true;
    }

    private static long time(AVPacket p) {
        return p.dts() != AV_NOPTS_VALUE ? p.dts() : p.pts();
    }

    private static void write(AVFormatContext oc, AVPacket p, AVStream in, AVStream out) throws IOException {
        av_packet_rescale_ts(p, in.time_base(), out.time_base());
        p.stream_index(out.index());
        p.pos(-1);
        check(av_interleaved_write_frame(oc, p), "write a packet");
    }

    private static void check(int ret, String what) throws IOException {
        if (ret < 0) {
            throw new IOException("cannot " + what + ": error " + ret);
        }
    }
}
