package dev.clipshare.transcode;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Test videos made at test time (no media is committed). Each frame shows its own number as 12
 * black/white blocks across the top half (bit 11 on the left), and a bar moving across the bottom
 * half; the audio is a 440 Hz tone. {@link #frameNumber} reads the number back from any decoded
 * picture, whatever its size, so a test can tell which source frame a clip or thumbnail shows.
 */
final class TestVideos {
    static final int BITS = 12;
    private static final Map<String, Path> CACHE = new ConcurrentHashMap<>();

    /**
     * What to generate.
     *
     * @param codec     {@code libopenh264} (H.264) or {@code mpeg4}
     * @param vfr       frame intervals alternate 20 ms and 50 ms (variable frame rate)
     * @param faststart moov atom first
     */
    record Spec(int width, int height, double fps, double seconds, boolean audio, String codec, boolean vfr, boolean faststart,
                int rotation) {
        static Spec of(int width, int height, double seconds) {
            return new Spec(width, height, 30, seconds, true, "libopenh264", false, false, 0);
        }

        Spec noAudio() {
            return new Spec(width, height, fps, seconds, false, codec, vfr, faststart, rotation);
        }

        Spec codec(String c) {
            return new Spec(width, height, fps, seconds, audio, c, vfr, faststart, rotation);
        }

        Spec variableFrameRate() {
            return new Spec(width, height, fps, seconds, audio, codec, true, faststart, rotation);
        }

        Spec fastStart() {
            return new Spec(width, height, fps, seconds, audio, codec, vfr, true, rotation);
        }

        /** Stored as drawn, with a display rotation (FFmpeg's convention: degrees counterclockwise) in the metadata, as phones do. */
        Spec displayRotation(int degrees) {
            return new Spec(width, height, fps, seconds, audio, codec, vfr, faststart, degrees);
        }

        String fileName() {
            return width + "x" + height + "-" + fps + "-" + seconds + (audio ? "-a" : "-na") + "-" + codec + (vfr ? "-vfr" : "")
                    + (faststart ? "-fs" : "") + (rotation != 0 ? "-rot" + rotation : "") + ".mp4";
        }
    }

    private TestVideos() { }

    private static Path dir;

    /** A folder for generated videos, shared by the test classes of one run and deleted when the JVM exits. */
    static synchronized Path dir() throws IOException {
        if (dir == null) {
            Path d = Files.createTempDirectory("clipshare-test-videos");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(d)));
            dir = d;
        }
        return dir;
    }

    static void deleteTree(Path d) {
        try (java.util.stream.Stream<Path> walk = Files.walk(d)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }

    /** The video for the spec, generated once per test run. */
    static Path get(Spec spec) {
        return CACHE.computeIfAbsent(spec.fileName(), name -> {
            try {
                Path out = dir().resolve(name);
                generate(spec, out);
                return out;
            } catch (Exception e) {
                throw new IllegalStateException("cannot generate " + name, e);
            }
        });
    }

    /** The timestamp (µs) of frame {@code i} in a VFR video: intervals alternate 20 and 50 ms. */
    static long vfrTimestamp(int i) {
        return (i / 2) * 70_000L + (i % 2) * 20_000L;
    }

    static void generate(Spec s, Path out) throws Exception {
        int frames = s.vfr() ? countVfrFrames(s.seconds()) : (int) Math.round(s.seconds() * s.fps());
        int rate = 44100;
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(out.toString(), s.width(), s.height(), s.audio() ? 2 : 0);
        r.setFormat("mp4");
        if (s.faststart()) {
            r.setOption("movflags", "+faststart");
        }
        if (s.rotation() != 0) {
            r.setDisplayRotation(s.rotation());
        }
        r.setVideoCodecName(s.codec());
        r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        r.setFrameRate(s.vfr() ? 1000 : s.fps());
        r.setGopSize((int) Math.round(s.fps()));
        r.setVideoBitrate((int) Math.min(20_000_000, s.width() * (long) s.height() * 4));
        if ("mpeg4".equals(s.codec())) {
            r.setVideoQuality(3);
        }
        if (s.audio()) {
            r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            r.setSampleRate(rate);
            r.setAudioChannels(2);
            r.setAudioBitrate(96_000);
        }
        r.start();
        Frame f = new Frame(s.width(), s.height(), Frame.DEPTH_UBYTE, 3);
        long samplesWritten = 0;
        try {
            for (int i = 0; i < frames; i++) {
                paint(f, i, frames);
                if (s.vfr()) {
                    r.setFrameNumber((int) (vfrTimestamp(i) / 1000));
                } else {
                    r.setFrameNumber(i);
                }
                r.record(f, avutil.AV_PIX_FMT_BGR24);
                if (s.audio()) {
                    double until = s.vfr() ? (i + 1 < frames ? vfrTimestamp(i + 1) / 1e6 : s.seconds()) : (i + 1) / s.fps();
                    long target = Math.round(until * rate);
                    int n = (int) (target - samplesWritten);
                    if (n > 0) {
                        ShortBuffer b = ShortBuffer.allocate(n * 2);
                        for (int k = 0; k < n; k++) {
                            short v = (short) (6000 * Math.sin(2 * Math.PI * 440 * (samplesWritten + k) / rate));
                            b.put(2 * k, v);
                            b.put(2 * k + 1, v);
                        }
                        r.recordSamples(rate, 2, b);
                        samplesWritten = target;
                    }
                }
            }
            r.stop();
        } finally {
            r.release();
        }
    }

    private static int countVfrFrames(double seconds) {
        int i = 0;
        while (vfrTimestamp(i) < seconds * 1e6) {
            i++;
        }
        return i;
    }

    /** Draws frame {@code i}: bit blocks over the top half, a moving bar over the bottom half. */
    private static void paint(Frame f, int i, int frames) {
        int w = f.imageWidth;
        int h = f.imageHeight;
        int stride = f.imageStride;
        ByteBuffer img = (ByteBuffer) f.image[0];
        byte[] bitsRow = new byte[w * 3];
        for (int x = 0; x < w; x++) {
            int bit = Math.min(BITS - 1, x * BITS / w);
            boolean on = ((i >> (BITS - 1 - bit)) & 1) == 1;
            byte v = (byte) (on ? 235 : 16);
            bitsRow[3 * x] = v;
            bitsRow[3 * x + 1] = v;
            bitsRow[3 * x + 2] = v;
        }
        byte[] barRow = new byte[w * 3];
        int barX = (int) ((long) i * Math.max(1, w - w / 8) / Math.max(1, frames));
        for (int x = 0; x < w; x++) {
            boolean bar = x >= barX && x < barX + w / 8;
            barRow[3 * x] = (byte) (bar ? 40 : 200);
            barRow[3 * x + 1] = (byte) (bar ? 200 : 90);
            barRow[3 * x + 2] = (byte) (bar ? 60 : 50);
        }
        for (int y = 0; y < h; y++) {
            img.position(y * stride);
            img.put(y < h / 2 ? bitsRow : barRow);
        }
        img.position(0);
    }

    /** Reads the frame number drawn into a picture (any size). */
    static int frameNumber(BufferedImage image) {
        int w = image.getWidth();
        int y = image.getHeight() / 4;
        int n = 0;
        for (int bit = 0; bit < BITS; bit++) {
            int x = (int) ((bit + 0.5) * w / BITS);
            int rgb = image.getRGB(x, y);
            int luma = (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3;
            n = (n << 1) | (luma > 128 ? 1 : 0);
        }
        return n;
    }

    /** The frame numbers of every picture of a video, in order. */
    static int[] frameNumbers(Path video) throws Exception {
        java.util.List<Integer> numbers = new java.util.ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toString());
             Java2DFrameConverter c = new Java2DFrameConverter()) {
            g.start();
            Frame f;
            while ((f = g.grabImage()) != null) {
                numbers.add(frameNumber(c.getBufferedImage(f)));
            }
            g.stop();
        }
        return numbers.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A file that is not a video. */
    static Path text(Path dir) throws IOException {
        return Files.writeString(dir.resolve("notes.mp4"), "these are meeting notes, not a video\n".repeat(200));
    }

    /** An audio-only MP4 (a tone, no picture). */
    static Path audioOnly(Path dir) throws Exception {
        return audioOnly(dir, 1);
    }

    /** A mono 440 Hz tone whose loudness swells and fades once a second, in AAC/MP4 (an M4A). */
    static Path audioOnly(Path dir, int seconds) throws Exception {
        Path out = dir.resolve("tone-" + seconds + "s.m4a");
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(out.toString(), 0, 0, 1);
        r.setFormat("mp4");
        r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
        r.setSampleRate(44100);
        r.start();
        for (int sec = 0; sec < seconds; sec++) {
            ShortBuffer b = ShortBuffer.allocate(44100);
            for (int k = 0; k < 44100; k++) {
                double swell = 0.2 + 0.8 * Math.sin(Math.PI * k / 44100);
                b.put(k, (short) (12000 * swell * Math.sin(2 * Math.PI * 440 * (sec * 44100 + k) / 44100)));
            }
            r.recordSamples(44100, 1, b);
        }
        r.stop();
        r.release();
        return out;
    }

    /** The first {@code fraction} of a file's bytes, as a new file. */
    static Path truncated(Path source, double fraction, Path out) throws IOException {
        byte[] all = Files.readAllBytes(source);
        Files.write(out, java.util.Arrays.copyOf(all, (int) (all.length * fraction)));
        return out;
    }
}
