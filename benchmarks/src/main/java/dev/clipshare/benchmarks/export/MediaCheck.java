package dev.clipshare.benchmarks.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks with {@code ffprobe} that an export wrote what it should: a timing of a wrong output
 * is worthless, so every check that fails throws and the section fails loudly. Used for both
 * sides, so the peer is held to the same output as Clipshare.
 */
final class MediaCheck {
    private final FfmpegTool tools;
    private final Path logDir;

    MediaCheck(FfmpegTool tools, Path logDir) {
        this.tools = tools;
        this.logDir = logDir;
    }

    /** The MP4: H.264 + AAC, {@code width x height}, {@code seconds} long (±0.1 s), {@code frames} video frames. */
    void clip(String who, Path file, int width, int height, double seconds, int frames) throws IOException, InterruptedException {
        Map<String, String> p = probe(file);
        String what = who + "'s clip " + file;
        expect(what, "video codec", p.get("v.codec_name"), "h264");
        expect(what, "size", p.get("v.width") + "x" + p.get("v.height"), width + "x" + height);
        expect(what, "audio codec", p.get("a.codec_name"), "aac");
        expectAbout(what, "duration (s)", number(p.get("format.duration")), seconds, 0.1);
        expectAbout(what, "video frames", number(p.get("v.nb_frames")), frames, 1);
    }

    /** The JPEG: one MJPEG picture of {@code width x height}. */
    void thumbnail(String who, Path file, int width, int height) throws IOException, InterruptedException {
        Map<String, String> p = probe(file);
        String what = who + "'s thumbnail " + file;
        expect(what, "codec", p.get("v.codec_name"), "mjpeg");
        expect(what, "size", p.get("v.width") + "x" + p.get("v.height"), width + "x" + height);
    }

    /**
     * The HLS stream: a VOD playlist listing {@code segments} segments that add up to
     * {@code seconds} (±0.2 s), each a non-empty file; the first holds H.264 of the right size and AAC.
     */
    void hls(String who, Path dir, int segments, double seconds, int width, int height) throws IOException, InterruptedException {
        String what = who + "'s HLS stream " + dir;
        Path playlist = dir.resolve("index.m3u8");
        if (!Files.isRegularFile(playlist)) {
            throw new IllegalStateException(what + ": no index.m3u8");
        }
        List<String> lines = Files.readAllLines(playlist);
        if (!lines.contains("#EXT-X-ENDLIST")) {
            throw new IllegalStateException(what + ": the playlist does not end (no #EXT-X-ENDLIST)");
        }
        double total = 0;
        int count = 0;
        Path first = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#EXTINF:")) {
                total += Double.parseDouble(line.substring(8, line.indexOf(',')));
                count++;
                Path seg = dir.resolve(lines.get(i + 1).strip());
                if (!Files.isRegularFile(seg) || Files.size(seg) == 0) {
                    throw new IllegalStateException(what + ": segment " + seg.getFileName() + " is missing or empty");
                }
                if (first == null) {
                    first = seg;
                }
            }
        }
        expectAbout(what, "segments", count, segments, 0);
        expectAbout(what, "total duration (s)", total, seconds, 0.2);
        Map<String, String> p = probe(first);
        expect(what + " " + first.getFileName(), "video codec", p.get("v.codec_name"), "h264");
        expect(what + " " + first.getFileName(), "size", p.get("v.width") + "x" + p.get("v.height"), width + "x" + height);
        expect(what + " " + first.getFileName(), "audio codec", p.get("a.codec_name"), "aac");
    }

    /** The MD5 of a file's video packets (a stream copy, no decoding): equal when two encoders wrote the same bitstream. */
    String videoMd5(Path file) throws IOException, InterruptedException {
        String out = tools.ffmpeg(logDir, "md5", java.time.Duration.ofSeconds(60),
                List.of("-v", "error", "-i", file.toString(), "-map", "0:v:0", "-c", "copy", "-f", "md5", "-")).stdout();
        return out.strip();
    }

    /**
     * ffprobe's facts as a flat map: {@code format.duration}, and {@code v.*} / {@code a.*} for
     * the first video / audio stream.
     */
    Map<String, String> probe(Path file) throws IOException, InterruptedException {
        String out = tools.ffprobe(logDir, List.of("-show_entries",
                "format=duration:stream=index,codec_type,codec_name,width,height,nb_frames", "-of", "flat", file.toString()));
        Map<String, String> raw = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                raw.put(line.substring(0, eq), line.substring(eq + 1).replace("\"", "").strip());
            }
        }
        Map<String, String> facts = new HashMap<>();
        facts.put("format.duration", raw.get("format.duration"));
        for (int i = 0; raw.containsKey("streams.stream." + i + ".codec_type"); i++) {
            String prefix = "streams.stream." + i + ".";
            String kind = switch (raw.get(prefix + "codec_type")) {
                case "video" -> "v.";
                case "audio" -> "a.";
                default -> null;
            };
            if (kind == null || facts.containsKey(kind + "codec_name")) {
                continue;
            }
            for (String key : List.of("codec_name", "width", "height", "nb_frames")) {
                facts.put(kind + key, raw.get(prefix + key));
            }
        }
        return facts;
    }

    private static double number(String s) {
        try {
            return s == null ? Double.NaN : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static void expect(String what, String fact, String actual, String expected) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(what + ": " + fact + " is " + actual + ", expected " + expected);
        }
    }

    private static void expectAbout(String what, String fact, double actual, double expected, double tolerance) {
        if (!(Math.abs(actual - expected) <= tolerance)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "%s: %s is %s, expected %s ± %s", what, fact,
                    actual, expected, tolerance));
        }
    }
}
