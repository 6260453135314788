package dev.clipshare.benchmarks.jmh;

import dev.clipshare.benchmarks.report.Figure;
import dev.clipshare.benchmarks.report.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The "Microbenchmarks (JMH)" section: runs every JMH benchmark of this package in one JMH
 * {@link Runner} (one fork each, the warm-up and measurement of each class's annotations, about
 * three and a half minutes on two cores) and turns the results into {@link Figure}s. Times per operation,
 * lower is better; the note gives JMH's 99.9 % confidence interval. The grant and signed-URL
 * checks carry DESIGN.md's "&lt; 5 µs" bar, met only when the interval's upper bound (score +
 * error) is under 5 µs; the unlock figure's note gives the p50 and p99 of an
 * attempt and the checks and busy refusals per second. JMH's own JSON lands in
 * {@code work/jmh.json}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.clipshare.benchmarks.jmh.Microbenchmarks [RESULTS_DIR]
 * java -jar benchmarks/target/benchmarks.jar --only jmh
 * </pre>
 *
 * One class or method alone, with JMH's own command line:
 * {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main PageBenchmark}.
 */
public final class Microbenchmarks {
    static final String SECTION = "Microbenchmarks (JMH)";
    private static final String BAR = "< 5 µs";
    private static final double BAR_MICROS = 5;
    /** The grant and signed-URL checks DESIGN.md bars at 5 µs. */
    private static final Set<String> CHECKS = Set.of(
            "SignatureBenchmark.verifyGrant",
            "SignatureBenchmark.verifySignedStreamUrl",
            "SignatureBenchmark.refuseTamperedGrant",
            "SignatureBenchmark.verifyGrantWithShareLookup");
    /** What a reader needs to know about a figure beyond its name. */
    private static final Map<String, String> REMARKS = Map.of(
            "SignatureBenchmark.verifyGrantWithShareLookup", "includes the share lookup in the in-memory store (a JDBC store adds one query by primary key)",
            "MediaAccessBenchmark.publicClip", "token to stream decision, no bytes read",
            "MediaAccessBenchmark.grantedClip", "token to stream decision with a grant check, no bytes read",
            "MediaAccessBenchmark.signedClip", "token to stream decision with a signed-URL check, no bytes read",
            "MediaAccessBenchmark.signedClipHeadThroughFilter", "through ShareFilter on servlet stubs, up to the body",
            "PageBenchmark.sharePage", "through ShareFilter on servlet stubs: CPU of one page view without container or socket",
            "PageBenchmark.shareTemplateOnly", "Mustache rendering alone");
    /** Report order: from the smallest building block to the whole request. */
    private static final List<String> ORDER = List.of("TokenBenchmark", "SignatureBenchmark", "RangeBenchmark",
            "MediaAccessBenchmark", "PageBenchmark", "UnlockBenchmark");

    private Microbenchmarks() { }

    public static List<Figure> run(Path work) throws Exception {
        clean(work);
        Options options = new OptionsBuilder()
                .include(Microbenchmarks.class.getPackageName().replace(".", "\\.") + "\\..*Benchmark\\..*")
                .forks(1)
                .shouldFailOnError(true)
                .result(work.resolve("jmh.json").toString())
                .resultFormat(ResultFormatType.JSON)
                .build();
        Collection<RunResult> runs = new Runner(options).run();
        List<Figure> figures = new ArrayList<>();
        RunResult unlockSamples = null;
        RunResult unlockCounts = null;
        for (RunResult run : runs) {
            if (name(run).startsWith("UnlockBenchmark.")) {
                if (run.getParams().getMode() == Mode.SampleTime) {
                    unlockSamples = run;
                } else {
                    unlockCounts = run;
                }
            } else {
                figures.add(figure(run));
            }
        }
        if (unlockSamples != null && unlockCounts != null) {
            figures.add(unlock(unlockSamples, unlockCounts));
        }
        figures.sort(Comparator.comparingInt((Figure f) -> rank(f.name())));
        return figures;
    }

    private static String name(RunResult run) {
        String method = run.getParams().getBenchmark();
        return method.substring(method.lastIndexOf('.', method.lastIndexOf('.') - 1) + 1);
    }

    private static Figure figure(RunResult run) {
        String name = name(run);
        Result<?> primary = run.getPrimaryResult();
        String unit = unit(primary.getScoreUnit());
        String remark = REMARKS.containsKey(name) ? REMARKS.get(name) + "; " : "";
        String ci = String.format(Locale.ROOT, "%s± %s %s (99.9 %% CI); lower is better", remark,
                number(primary.getScoreError()), unit);
        if (!CHECKS.contains(name)) {
            return Figure.of(SECTION, name, primary.getScore(), unit).note(ci);
        }
        double score = micros(primary.getScore(), primary.getScoreUnit());
        double error = primary.getScoreError();
        // JMH gives NaN for the error when there are too few iterations: then only the score is known
        double upper = Double.isNaN(error) ? Double.NaN : micros(primary.getScore() + error, primary.getScoreUnit());
        boolean met = upper < BAR_MICROS;
        String verdict = met ? ""
                : score < BAR_MICROS ? String.format(Locale.ROOT, "; score under 5 µs but the 99.9 %% CI reaches %s µs "
                        + "— inconclusive on this run", Double.isNaN(upper) ? "?" : number(upper))
                : "";
        return Figure.of(SECTION, name, primary.getScore(), unit).bar(BAR, met).note(ci
                + "; bar met only when the upper bound of the 99.9 % CI (score + error) is under 5 µs" + verdict);
    }

    /** One figure from the unlock benchmark's two runs: times from the samples, counts from the throughput run. */
    private static Figure unlock(RunResult samples, RunResult counts) {
        Result<?> primary = samples.getPrimaryResult();
        var stats = primary.getStatistics();
        Result<?> checked = counts.getSecondaryResults().get("checked");
        Result<?> busy = counts.getSecondaryResults().get("busy");
        return Figure.of(SECTION, name(samples), primary.getScore(), unit(primary.getScoreUnit()))
                .note(String.format(Locale.ROOT,
                        "mean time of an attempt, lower is better; 20 concurrent attempts, bcrypt cost 12, cap %d running + %d waiting "
                                + "(2 s at most); p50 %s ms, p99 %s ms, max %s ms per attempt (checked or refused busy); "
                                + "%.1f checks/s, %.1f refused busy/s (a refused client waits its Retry-After)",
                        cores(), 4 * cores(), number(stats.getPercentile(50)), number(stats.getPercentile(99)),
                        number(stats.getMax()), perSecond(checked), perSecond(busy)));
    }

    /** A throughput result (ops/ms, as the benchmark's time unit makes it) per second. */
    private static double perSecond(Result<?> r) {
        return switch (r.getScoreUnit()) {
            case "ops/s" -> r.getScore();
            case "ops/ms" -> r.getScore() * 1e3;
            case "ops/us" -> r.getScore() * 1e6;
            case "ops/ns" -> r.getScore() * 1e9;
            default -> throw new IllegalArgumentException("not a rate: " + r.getScoreUnit());
        };
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    private static int rank(String name) {
        int i = ORDER.indexOf(name.substring(0, name.indexOf('.')));
        return i < 0 ? ORDER.size() : i;
    }

    private static String unit(String jmhUnit) {
        return jmhUnit.replace("us/", "µs/");
    }

    private static String number(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 1 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.3f", v);
    }

    static double micros(double score, String unit) {
        return switch (unit) {
            case "ns/op" -> score / 1000;
            case "us/op" -> score;
            case "ms/op" -> score * 1000;
            case "s/op" -> score * 1_000_000;
            default -> throw new IllegalArgumentException("not a time per operation: " + unit);
        };
    }

    private static void clean(Path work) throws IOException {
        if (Files.exists(work)) {
            try (Stream<Path> walk = Files.walk(work)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(work)) {
                        Files.delete(p);
                    }
                }
            }
        }
        Files.createDirectories(work);
    }

    /** Runs the section alone and writes its report to the folder given (default {@code /tmp/clipshare-jmh}). */
    public static void main(String[] args) throws Exception {
        Path results = Path.of(args.length > 0 ? args[0] : "/tmp/clipshare-jmh");
        long start = System.nanoTime();
        List<Figure> figures = run(results.resolve("work"));
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        String when = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        String machine = cores() + " cores, " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + ", Java " + Runtime.version();
        Report.write(results, when + " on " + machine, figures);
        System.out.println(Files.readString(results.resolve("results.md")));
        System.out.println("section took " + seconds + " s; report in " + results.toAbsolutePath());
    }
}
