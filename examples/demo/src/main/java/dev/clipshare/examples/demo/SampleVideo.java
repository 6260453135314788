package dev.clipshare.examples.demo;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the demo's sample video on first start, so there is something to share at once: FFmpeg's
 * {@code testsrc2} pattern (moving shapes and a running clock) with a beeping 440 Hz tone, H.264
 * (OpenH264, the LGPL build's encoder) and AAC in an MP4 with the index first.
 *
 * <p>Along the bottom edge, ten white-or-black squares spell the second being shown in binary,
 * bit 0 on the right ({@link #bitBox} gives each square's place): a test can read back which
 * second of the source a frame of an exported clip comes from.
 *
 * <p>It runs on its own thread after the server started; until it is done the video is listed
 * as "preparing". The file appears atomically (written beside its place, then moved).
 */
public final class SampleVideo implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SampleVideo.class);
    /** Squares of the binary clock along the bottom edge. */
    public static final int BITS = 10;
    private static final Path NICE = Path.of("/usr/bin/nice");

    private final DemoData data;
    private final Path videos;
    private final int seconds;
    private final int width;
    private final int height;
    private final Clock clock;

    public SampleVideo(DemoData data, Path videosDir, int seconds, int width, int height, Clock clock) {
        this.data = Objects.requireNonNull(data, "data");
        this.videos = Objects.requireNonNull(videosDir, "videosDir");
        this.seconds = seconds;
        this.width = width;
        this.height = height;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The file name of the sample inside the videos folder. */
    public static String fileName() {
        return DemoData.SAMPLE + ".mp4";
    }

    /**
     * Whether the sample must be (re)made: there is none yet, an earlier start did not finish
     * it, or its file went missing. Records it as preparing when so.
     */
    public boolean needed() {
        var v = data.video(DemoData.SAMPLE);
        boolean fine = v.isPresent() && v.get().ready() && Files.isRegularFile(videos.resolve(fileName()));
        if (!fine) {
            data.preparing(DemoData.SAMPLE, DemoData.LIBRARY, "Sample: test pattern with a tone", fileName());
        }
        return !fine;
    }

    @Override
    public void run() {
        long started = clock.millis();
        Path target = videos.resolve(fileName());
        Path tmp = videos.resolve(".sample-" + Long.toHexString(started) + ".mp4");
        try {
            Files.createDirectories(videos);
            VideoProbe.Result r = VideoProbe.run(command(tmp), 600);
            if (r.exit() != 0) {
                throw new IOException("ffmpeg failed: " + tail(r.output()));
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            VideoProbe.Facts facts = VideoProbe.probe(target);
            VideoProbe.poster(target, videos.resolve(DemoData.SAMPLE + ".jpg"), facts.durationMs());
            data.ready(DemoData.SAMPLE, DemoData.LIBRARY, "Sample: test pattern with a tone", fileName(), facts, null);
            log.info("sample video ready: {} s, {}x{}, made in {} ms", seconds, width, height, clock.millis() - started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.info("sample video not finished: the demo is stopping");
        } catch (Exception e) {
            log.error("cannot make the sample video", e);
            data.failed(DemoData.SAMPLE, "Making the sample video failed: " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                log.debug("cannot delete {}", tmp, e);
            }
        }
    }

    private List<String> command(Path out) {
        String size = width + "x" + height;
        List<String> c = new ArrayList<>();
        if (Files.isExecutable(NICE)) {
            c.addAll(List.of(NICE.toString(), "-n", "10"));   // the pages come first: the encode takes what CPU is left
        }
        c.addAll(List.of(VideoProbe.ffmpeg(), "-v", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=30:duration=" + seconds + "," + binaryClock(),
                "-f", "lavfi", "-i", "sine=frequency=440:beep_factor=4:sample_rate=48000:duration=" + seconds,
                "-c:v", "libopenh264", "-b:v", bitrate() + "", "-g", "60", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", "-shortest"));
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        c.addAll(List.of("-threads", Integer.toString(threads), out.toString()));
        return c;
    }

    private long bitrate() {
        return Math.max(300_000L, (long) width * height * 30 / 10);   // about 0.1 bit per pixel
    }

    /** A black strip along the bottom and a white square per set bit of the current second. */
    private String binaryClock() {
        int box = box(height);
        StringBuilder f = new StringBuilder(String.format(Locale.ROOT,
                "drawbox=x=0:y=%d:w=%d:h=%d:color=black:t=fill", height - box - 2 * margin(box), width, box + 2 * margin(box)));
        for (int bit = 0; bit < BITS; bit++) {
            int[] b = bitBox(width, height, bit);
            f.append(String.format(Locale.ROOT, ",drawbox=x=%d:y=%d:w=%d:h=%d:color=white:t=fill:enable='mod(floor(t/%d),2)'",
                    b[0], b[1], b[2], b[3], 1 << bit));
        }
        return f.toString();
    }

    private static int box(int height) {
        return Math.max(8, height / 9);
    }

    private static int margin(int box) {
        return Math.max(2, box / 10);
    }

    /**
     * Where the square of {@code bit} is drawn in a frame of the given size: {x, y, width, height}.
     * Bit 0 is the rightmost square.
     */
    public static int[] bitBox(int width, int height, int bit) {
        int box = box(height);
        int m = margin(box);
        int x = width - (bit + 1) * (box + 2 * m) + m;
        return new int[] {x, height - box - m, box, box};
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() > 500 ? "…" + t.substring(t.length() - 500) : t;
    }
}
