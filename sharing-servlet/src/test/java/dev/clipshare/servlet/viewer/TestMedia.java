package dev.clipshare.servlet.viewer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;

/**
 * The clip the viewer tests serve, generated once per test run with the {@code ffmpeg} inside
 * the bytedeco jar (LGPL build: H.264 through OpenH264, AAC): 8 s of a moving test pattern at
 * 640x360 with a 440 Hz tone, a keyframe every second, moov first; a JPEG thumbnail; an HLS VOD
 * playlist with 2 s segments cut from the MP4. Never committed.
 */
public final class TestMedia {
    public static final int WIDTH = 640;
    public static final int HEIGHT = 360;
    public static final int SECONDS = 8;

    private static TestMedia instance;

    public final Path clip;
    public final Path thumbnail;
    public final Path hlsDir;
    /** An audio clip: 8 s of a 440 Hz tone, AAC in MP4, moov first (what the transcoder makes of a source without pictures). */
    public final Path audioClip;

    private TestMedia(Path dir) {
        this.audioClip = dir.resolve("audio.mp4");
        this.clip = dir.resolve("clip.mp4");
        this.thumbnail = dir.resolve("thumbnail.jpg");
        this.hlsDir = dir.resolve("hls");
    }

    public static synchronized TestMedia get() {
        if (instance == null) {
            try {
                instance = generate(Path.of("target", "test-media").toAbsolutePath());
            } catch (IOException e) {
                throw new IllegalStateException("cannot generate test media", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    /** The HLS files: the playlist first, then the segments in order. */
    public List<Path> hlsFiles() {
        try (Stream<Path> s = Files.list(hlsDir)) {
            List<Path> files = new ArrayList<>(s.sorted().toList());
            files.sort((a, b) -> a.getFileName().toString().equals("index.m3u8") ? -1
                    : b.getFileName().toString().equals("index.m3u8") ? 1 : a.compareTo(b));
            return files;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestMedia generate(Path dir) throws IOException, InterruptedException {
        TestMedia m = new TestMedia(dir);
        if (Files.isRegularFile(m.clip) && Files.isRegularFile(m.thumbnail) && Files.isRegularFile(m.hlsDir.resolve("index.m3u8"))
                && Files.isRegularFile(m.audioClip)) {
            return m;
        }
        Files.createDirectories(m.hlsDir);
        String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        Path tmp = dir.resolve("clip.tmp.mp4");
        run(ffmpeg, "-y", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=" + WIDTH + "x" + HEIGHT + ":rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", Integer.toString(SECONDS),
                "-c:v", "libopenh264", "-b:v", "700k", "-g", "25", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart", tmp.toString());
        run(ffmpeg, "-y", "-v", "error", "-ss", "1", "-i", tmp.toString(), "-frames:v", "1", "-q:v", "4",
                m.thumbnail.toString());
        run(ffmpeg, "-y", "-v", "error", "-i", tmp.toString(), "-c", "copy", "-f", "hls", "-hls_time", "2",
                "-hls_playlist_type", "vod", "-hls_segment_filename", m.hlsDir.resolve("seg-%05d.ts").toString(),
                m.hlsDir.resolve("index.m3u8").toString());
        Path audioTmp = dir.resolve("audio.tmp.mp4");
        run(ffmpeg, "-y", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", Integer.toString(SECONDS),
                "-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart", audioTmp.toString());
        Files.move(audioTmp, m.audioClip, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, m.clip, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return m;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("ffmpeg failed: " + String.join(" ", command) + "\n" + new String(out, StandardCharsets.UTF_8));
        }
    }
}
