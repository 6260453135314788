package dev.clipshare.benchmarks;

import dev.clipshare.benchmarks.report.Figure;
import dev.clipshare.benchmarks.report.Report;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs every benchmark and writes {@code results.md} and one PNG per section into the results
 * folder (default {@code benchmarks/results}). See benchmarks/README.md for what each figure
 * means and how to reproduce one alone.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar [--results DIR] [--only jmh]
 * </pre>
 */
public final class RunAll {
    private RunAll() { }

    public static void main(String[] args) throws Exception {
        Path results = Path.of("benchmarks", "results");
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--results" -> results = Path.of(args[++i]);
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        List<Figure> figures = new ArrayList<>();
        if (only == null || only.equals("jmh")) {
            figures.addAll(microbenchmarks());
        }
        String when = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        Report.write(results, when + " on " + Machine.describe(), figures);
        System.out.println("wrote " + results.resolve("results.md").toAbsolutePath());
    }

    static List<Figure> microbenchmarks() throws RunnerException {
        Options options = new OptionsBuilder()
                .include("dev\\.clipshare\\.benchmarks\\.jmh\\..*")
                .build();
        Collection<RunResult> runs = new Runner(options).run();
        List<Figure> figures = new ArrayList<>();
        for (RunResult run : runs) {
            String method = run.getParams().getBenchmark();
            String name = method.substring(method.lastIndexOf('.', method.lastIndexOf('.') - 1) + 1);
            var primary = run.getPrimaryResult();
            Figure f = Figure.of("Microbenchmarks (JMH)", name, primary.getScore(), primary.getScoreUnit());
            if (name.startsWith("SignatureBenchmark.verify")) {
                double micros = toMicros(primary.getScore(), primary.getScoreUnit());
                f = f.bar("< 5 µs", micros < 5);
            }
            if (name.startsWith("UnlockBenchmark")) {
                var stats = primary.getStatistics();
                double checked = run.getSecondaryResults().get("checked").getScore();
                double busy = run.getSecondaryResults().get("busy").getScore();
                f = f.note(String.format(Locale.ROOT, "p50 %.0f ms, p99 %.0f ms per attempt; %.1f checks/s, %.1f refused busy/s",
                        stats.getPercentile(50), stats.getPercentile(99), checked, busy));
            }
            figures.add(f);
        }
        return figures;
    }

    private static double toMicros(double score, String unit) {
        return switch (unit) {
            case "ns/op" -> score / 1000;
            case "us/op" -> score;
            case "ms/op" -> score * 1000;
            default -> Double.NaN;
        };
    }
}
