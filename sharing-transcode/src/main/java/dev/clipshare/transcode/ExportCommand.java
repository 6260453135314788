package dev.clipshare.transcode;

import dev.clipshare.core.ClipRange;
import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.Target;
import dev.clipshare.core.spi.SourceMedia;
import dev.clipshare.core.spi.TranscodeException;
import dev.clipshare.core.spi.TranscodeRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Exports one file from the command line and prints how long each step took: the entry point of
 * the export benchmark, and a quick way to see what the transcoder makes of a video.
 *
 * <pre>
 * java -cp ... dev.clipshare.transcode.ExportCommand --start 10 --end 40 --repeat 3 talk.mp4
 * </pre>
 *
 * <p>Options: {@code --start S} and {@code --end S} (seconds; default the whole source),
 * {@code --out DIR} (default {@code clipshare-export}; emptied first), {@code --max-height PX},
 * {@code --keyframe-copy}, {@code --no-hls}, {@code --encoder libx264|libopenh264},
 * {@code --repeat N} (runs N times and prints the median of each step). Exit status 0 on success,
 * 1 when the export failed, 2 on a usage error.
 *
 * <p>{@link #run(List, PrintStream)} does the same for callers inside a JVM (benchmark
 * harnesses). Not thread-safe; use one call at a time.
 */
public final class ExportCommand {
    private ExportCommand() { }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out));
    }

    /**
     * Runs the command with {@code args}, printing to {@code out}.
     *
     * @return the exit status: 0 done, 1 the export failed, 2 usage error
     */
    public static int run(List<String> args, PrintStream out) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.println(USAGE);
            return 2;
        }
        JavaCvTranscoder transcoder;
        ClipRange range;
        try {
            JavaCvTranscoder.Builder b = JavaCvTranscoder.builder().keyframeCopy(o.keyframeCopy).hls(o.hls);
            if (o.maxHeight > 0) {
                b.maxHeight(o.maxHeight);
            }
            if (o.encoder != null) {
                b.videoEncoder(o.encoder);
            }
            if (o.end == null && !o.start.isZero()) {
                throw new IllegalArgumentException("--start needs --end");
            }
            range = o.end != null ? new ClipRange(o.start, o.end) : null;
            transcoder = b.build();
        } catch (IllegalArgumentException | IllegalStateException | dev.clipshare.core.SharingException e) {
            out.println("error: " + e.getMessage());
            return 2;
        }
        TranscodeRequest request = new TranscodeRequest(Target.source("cli"), 1, o.source, range);
        out.printf(Locale.ROOT, "source %s, range %s, %s%n", o.source.location(),
                range == null ? "whole" : seconds(range.start()) + "–" + seconds(range.end()) + " s", transcoder);

        List<ExportReport> reports = new ArrayList<>();
        try {
            for (int i = 1; i <= o.repeat; i++) {
                clear(o.out);
                ExportReport r = transcoder.export(request, o.out, p -> { });
                reports.add(r);
                out.printf(Locale.ROOT, "run %d: clip %d ms, thumbnail %d ms, HLS %d ms, total %d ms%n", i,
                        r.clipTime().toMillis(), r.thumbnailTime().toMillis(), r.hlsTime().toMillis(), r.totalTime().toMillis());
            }
        } catch (TranscodeException e) {
            out.println("export failed: " + e.getMessage() + (e.retryable() ? " (retryable)" : ""));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("interrupted");
            return 1;
        } catch (IOException e) {
            out.println("error: cannot prepare " + o.out + ": " + e.getMessage());
            return 1;
        }
        if (reports.size() > 1) {
            out.printf(Locale.ROOT, "median of %d: clip %d ms, thumbnail %d ms, HLS %d ms, total %d ms%n", reports.size(),
                    median(reports, ExportReport::clipTime), median(reports, ExportReport::thumbnailTime),
                    median(reports, ExportReport::hlsTime), median(reports, ExportReport::totalTime));
        }
        ExportReport last = reports.get(reports.size() - 1);
        ExportArtifacts a = last.result().artifacts();
        out.printf(Locale.ROOT, "clip: %dx%d, %s/%s, %s s, %d bytes, encoder %s%s%s%n", a.width(), a.height(), a.videoCodec(),
                a.audioCodec() == null ? "no audio" : a.audioCodec(), seconds(a.duration()), a.clipBytes(), last.videoEncoder(),
                last.keyframeCopy() ? ", keyframe copy" : "", last.rangeClamped() ? ", range clamped to the end of the source" : "");
        out.printf(Locale.ROOT, "files: %d in %s%n", last.result().files().size(), o.out.toAbsolutePath());
        return 0;
    }

    private static long median(List<ExportReport> reports, Function<ExportReport, Duration> step) {
        List<Long> ms = reports.stream().map(step).map(Duration::toMillis).sorted().toList();
        return ms.get(ms.size() / 2);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }

    private static void clear(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        Files.createDirectories(dir);
    }

    private static final String USAGE = """
            usage: ExportCommand [--start S --end S] [--out DIR] [--max-height PX] [--keyframe-copy] [--no-hls]
                                 [--encoder libx264|libopenh264] [--repeat N] <file or URL>""";

    private static final class Options {
        SourceMedia source;
        Duration start = Duration.ZERO;
        Duration end;
        Path out = Path.of("clipshare-export");
        int maxHeight;
        boolean keyframeCopy;
        boolean hls = true;
        String encoder;
        int repeat = 1;

        static Options parse(List<String> args) {
            Options o = new Options();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--start" -> o.start = secondsArg(value(args, ++i, a));
                    case "--end" -> o.end = secondsArg(value(args, ++i, a));
                    case "--out" -> o.out = Path.of(value(args, ++i, a));
                    case "--max-height" -> o.maxHeight = intArg(value(args, ++i, a), a);
                    case "--keyframe-copy" -> o.keyframeCopy = true;
                    case "--no-hls" -> o.hls = false;
                    case "--encoder" -> o.encoder = value(args, ++i, a);
                    case "--repeat" -> o.repeat = intArg(value(args, ++i, a), a);
                    default -> {
                        if (a.startsWith("--") || o.source != null) {
                            throw new IllegalArgumentException("unexpected argument " + a);
                        }
                        o.source = a.contains("://") ? SourceMedia.of(URI.create(a)) : SourceMedia.of(Path.of(a));
                    }
                }
            }
            if (o.source == null) {
                throw new IllegalArgumentException("no input file");
            }
            if (o.repeat < 1 || o.repeat > 100) {
                throw new IllegalArgumentException("--repeat must be 1..100");
            }
            return o;
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args.get(i);
        }

        private static Duration secondsArg(String s) {
            try {
                return Duration.ofNanos(Math.round(Double.parseDouble(s) * 1e9));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number of seconds: " + s);
            }
        }

        private static int intArg(String s, String option) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a whole number, was " + s);
            }
        }
    }
}
