package dev.clipshare.examples.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code ffmpeg} and {@code ffprobe} programs that ship inside the FFmpeg jar (the same LGPL
 * build the transcoder uses), run as separate processes: to check an upload, take a poster frame
 * and make the sample video. A damaged or hostile file can then at worst fail a process, never
 * the server.
 *
 * <p>Thread-safe.
 */
public final class VideoProbe {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * What a video (or audio) file holds. An audio file has no picture: width and height 0, and
     * {@code videoCodec} names its audio codec (its shares are audio clips with a waveform poster).
     */
    public record Facts(long durationMs, int width, int height, String videoCodec, String format, long bytes) {
        /** Whether browsers play this codec in a media element (H.264, VP8, VP9, AV1; for audio AAC, MP3, Opus, Vorbis, FLAC). */
        public boolean browserPlayable() {
            return videoCodec != null && (List.of("h264", "vp8", "vp9", "av1").contains(videoCodec)
                    || audioOnly() && List.of("aac", "mp3", "opus", "vorbis", "flac").contains(videoCodec));
        }

        /** Whether the file is sound only. */
        public boolean audioOnly() {
            return width == 0 && height == 0;
        }
    }

    /** A file that is not a video we can use; the message is meant for the person who uploaded it. */
    public static final class NotAVideoException extends Exception {
        private static final long serialVersionUID = 1L;

        public NotAVideoException(String message) {
            super(message);
        }
    }

    private static volatile String ffmpeg;
    private static volatile String ffprobe;

    private VideoProbe() { }

    /** The path of the bundled {@code ffmpeg} (unpacked into {@code ~/.javacpp/cache} on first use). */
    public static String ffmpeg() {
        if (ffmpeg == null) {
            synchronized (VideoProbe.class) {
                if (ffmpeg == null) {
                    ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
                }
            }
        }
        return ffmpeg;
    }

    static String ffprobe() {
        if (ffprobe == null) {
            synchronized (VideoProbe.class) {
                if (ffprobe == null) {
                    ffprobe = Loader.load(org.bytedeco.ffmpeg.ffprobe.class);
                }
            }
        }
        return ffprobe;
    }

    /**
     * Reads the facts of a video file.
     *
     * @throws NotAVideoException when FFmpeg cannot read it, or it has no picture, or no duration
     */
    public static Facts probe(Path file) throws NotAVideoException, IOException, InterruptedException {
        Result r = run(List.of(ffprobe(), "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
                file.toAbsolutePath().toString()), 30);
        if (r.exit != 0) {
            throw new NotAVideoException("This file is not a video FFmpeg can read, or it is damaged.");
        }
        JsonNode root = JSON.readTree(r.output);
        JsonNode video = null;
        JsonNode audio = null;
        for (JsonNode s : root.path("streams").values()) {
            String type = s.path("codec_type").asString("");
            if ("video".equals(type) && s.path("disposition").path("attached_pic").asInt(0) == 0 && video == null) {
                video = s;
            } else if ("audio".equals(type) && audio == null) {
                audio = s;
            }
        }
        if (video == null && audio == null) {
            throw new NotAVideoException("This file has neither picture nor sound (is it an image?).");
        }
        if (video == null) {
            video = audio; // sound only: shared as an audio clip, with a waveform for a poster
        }
        double seconds = root.path("format").path("duration").asDouble(0);
        if (seconds <= 0) {
            seconds = video.path("duration").asDouble(0);
        }
        if (!(seconds > 0.05)) {
            throw new NotAVideoException("This file has no playable length (is it a still image?).");
        }
        return new Facts(Math.round(seconds * 1000), video.path("width").asInt(0), video.path("height").asInt(0),
                video.path("codec_name").asString("unknown").toLowerCase(Locale.ROOT),
                root.path("format").path("format_name").asString(""), Files.size(file));
    }

    /**
     * Writes a JPEG poster (a frame a second in, at most 640 px wide; for a file without pictures,
     * its waveform). Best effort: false when it could not.
     */
    public static boolean poster(Path video, Path jpeg, long durationMs) {
        double at = Math.min(1.0, durationMs / 2000.0);
        try {
            Path tmp = jpeg.resolveSibling("." + jpeg.getFileName() + ".tmp.jpg");
            Result r = run(List.of(ffmpeg(), "-v", "error", "-y", "-ss", String.format(Locale.ROOT, "%.3f", at),
                    "-i", video.toAbsolutePath().toString(), "-frames:v", "1", "-vf", "scale='min(640,iw)':-2",
                    "-q:v", "4", tmp.toString()), 60);
            if (r.exit != 0 || !Files.exists(tmp)) {
                r = run(List.of(ffmpeg(), "-v", "error", "-y", "-i", video.toAbsolutePath().toString(),
                        "-filter_complex", "showwavespic=s=640x360:colors=0x8ab4f8", "-frames:v", "1", "-q:v", "4", tmp.toString()), 60);
            }
            if (r.exit != 0 || !Files.exists(tmp)) {
                Files.deleteIfExists(tmp);
                return false;
            }
            Files.move(tmp, jpeg, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A finished process: its exit code and what it printed (stdout and stderr together). */
    record Result(int exit, String output) { }

    /** Runs a program to its end, at most {@code timeoutSeconds}; interrupting the caller kills it. */
    static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("clipshare-demo-ffmpeg", ".txt");
        Process p = new ProcessBuilder(new ArrayList<>(command))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                String program = command.stream().filter(a -> a.endsWith("ffmpeg") || a.endsWith("ffprobe")).findFirst().orElse(command.get(0));
                throw new IOException(Path.of(program).getFileName() + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
