package dev.clipshare.transcode;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/** Asks {@code ffprobe} (the one inside the FFmpeg jar) what a file really holds, and reads MP4 box order. */
final class Probe {
    private static volatile String ffprobe;

    private final Map<String, String> values;

    private Probe(Map<String, String> values) {
        this.values = values;
    }

    static Probe of(Path file) throws IOException, InterruptedException {
        if (ffprobe == null) {
            ffprobe = Loader.load(org.bytedeco.ffmpeg.ffprobe.class);
        }
        Process p = new ProcessBuilder(ffprobe, "-v", "error",
                "-show_entries", "format=duration,format_name:stream=index,codec_type,codec_name,width,height,duration,start_time,pix_fmt,nb_frames",
                "-of", "flat=s=_", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("ffprobe failed on " + file + ": " + out);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1).replace("\"", ""));
            }
        }
        return new Probe(values);
    }

    double duration() {
        return Double.parseDouble(values.get("format_duration"));
    }

    /** The first stream of a type ({@code video}, {@code audio}): its field, or null. */
    String stream(String type, String field) {
        for (int i = 0; i < 8; i++) {
            if (type.equals(values.get("streams_stream_" + i + "_codec_type"))) {
                return values.get("streams_stream_" + i + "_" + field);
            }
        }
        return null;
    }

    boolean has(String type) {
        return stream(type, "codec_name") != null;
    }

    int width() {
        return Integer.parseInt(stream("video", "width"));
    }

    int height() {
        return Integer.parseInt(stream("video", "height"));
    }

    double streamDuration(String type) {
        return Double.parseDouble(stream(type, "duration"));
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /** The top-level box types of an MP4, in file order. */
    static List<String> topLevelBoxes(Path mp4) throws IOException {
        List<String> boxes = new ArrayList<>();
        try (RandomAccessFile f = new RandomAccessFile(mp4.toFile(), "r")) {
            long pos = 0;
            long length = f.length();
            while (pos + 8 <= length) {
                f.seek(pos);
                long size = f.readInt() & 0xffffffffL;
                byte[] type = new byte[4];
                f.readFully(type);
                if (size == 1) {
                    size = f.readLong();
                } else if (size == 0) {
                    size = length - pos;
                }
                boxes.add(new String(type, StandardCharsets.ISO_8859_1));
                if (size < 8) {
                    break;
                }
                pos += size;
            }
        }
        return boxes;
    }

    /** An HLS playlist's lines. */
    static List<String> lines(Path playlist) throws IOException {
        return Files.readAllLines(playlist);
    }

    /** The sum of an HLS playlist's {@code #EXTINF} durations. */
    static double segmentTotal(List<String> playlist) {
        return playlist.stream().filter(l -> l.startsWith("#EXTINF:"))
                .mapToDouble(l -> Double.parseDouble(l.substring(8, l.indexOf(',')))).sum();
    }
}
