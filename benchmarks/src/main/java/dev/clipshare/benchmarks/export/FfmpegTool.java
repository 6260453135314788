package dev.clipshare.benchmarks.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/**
 * The {@code ffmpeg} and {@code ffprobe} programs of the FFmpeg build JavaCV itself loads: the
 * bytedeco {@code ffmpeg} artifact ships them next to the libraries, and JavaCPP unpacks them into
 * its cache. Running those, and not a system ffmpeg, makes the comparison one of the same libav*
 * code and the same encoders, differing only in what drives them.
 *
 * <p>Each run is a separate process, bounded by a timeout and killed when it overruns. Its CPU
 * time is read from this JVM's children counters ({@code cutime + cstime} in
 * {@code /proc/self/stat}), which the kernel adds the child's user and system time to when Java
 * reaps it: all of ffmpeg's threads, from exec to exit. Not thread-safe (one run at a time, or the
 * counters mix).
 */
final class FfmpegTool {
    /** Linux reports the children counters in USER_HZ ticks, 100 a second on x86-64. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final Path ffmpeg;
    private final Path ffprobe;

    private FfmpegTool(Path ffmpeg, Path ffprobe) {
        this.ffmpeg = ffmpeg;
        this.ffprobe = ffprobe;
    }

    /** The programs unpacked from the bytedeco ffmpeg jar on the class path. */
    static FfmpegTool bundled() {
        String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        String ffprobe = Loader.load(org.bytedeco.ffmpeg.ffprobe.class);
        if (ffmpeg == null || ffprobe == null) {
            throw new IllegalStateException("the bytedeco ffmpeg jar for this platform ships no ffmpeg/ffprobe program");
        }
        return new FfmpegTool(Path.of(ffmpeg), Path.of(ffprobe));
    }

    Path ffmpegPath() {
        return ffmpeg;
    }

    /**
     * One finished run.
     *
     * @param wallNanos from starting the process to having reaped it
     * @param cpuNanos  the process's user + system time (10 ms resolution), or -1 off Linux
     * @param stdout    what it printed on standard output
     */
    record Run(long wallNanos, long cpuNanos, String stdout) { }

    /** Runs ffmpeg with {@code args} (after {@code -hide_banner -nostdin}); fails with its error output unless it exits 0. */
    Run ffmpeg(Path logDir, String name, Duration timeout, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-nostdin"));
        cmd.addAll(args);
        return run(logDir, name, timeout, cmd);
    }

    /** Runs ffprobe with {@code args} (after {@code -v error}) and returns its standard output. */
    String ffprobe(Path logDir, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ffprobe.toString(), "-v", "error"));
        cmd.addAll(args);
        return run(logDir, "ffprobe", Duration.ofSeconds(30), cmd).stdout();
    }

    private static Run run(Path logDir, String name, Duration timeout, List<String> cmd) throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        Path out = logDir.resolve(name + ".out");
        Path err = logDir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        long cpu0 = childrenCpuNanos();
        long t0 = System.nanoTime();
        Process p = pb.start();
        boolean done;
        try {
            done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        long wall = System.nanoTime() - t0;
        long cpu1 = childrenCpuNanos();
        if (!done) {
            throw new IllegalStateException(name + " did not finish within " + timeout.toSeconds() + " s: " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(name + " failed (exit " + p.exitValue() + "): " + String.join(" ", cmd) + "\n"
                    + tail(Files.readString(err)));
        }
        return new Run(wall, cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0, Files.readString(out));
    }

    /** User + system time of this JVM's reaped children, or -1 when {@code /proc} is not there. */
    static long childrenCpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // fields after the command name (which may hold spaces), from field 3 (state) on
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long cutime = Long.parseLong(f[16 - 3]);
            long cstime = Long.parseLong(f[17 - 3]);
            return (cutime + cstime) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String tail(String s) {
        return s.length() <= 2000 ? s : "…" + s.substring(s.length() - 2000);
    }
}
