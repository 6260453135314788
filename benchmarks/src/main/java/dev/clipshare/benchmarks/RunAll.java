package dev.clipshare.benchmarks;

import dev.clipshare.benchmarks.export.ExportBenchmark;
import dev.clipshare.benchmarks.jmh.Microbenchmarks;
import dev.clipshare.benchmarks.load.LimiterLoad;
import dev.clipshare.benchmarks.load.MediaLoad;
import dev.clipshare.benchmarks.load.PgFloorLoad;
import dev.clipshare.benchmarks.load.S3MediaLoad;
import dev.clipshare.benchmarks.load.ViralLoad;
import dev.clipshare.benchmarks.load.SharePageLoad;
import dev.clipshare.benchmarks.report.Figure;
import dev.clipshare.benchmarks.report.Readme;
import dev.clipshare.benchmarks.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs every benchmark and writes {@code results.md} and one PNG per section into the results
 * folder (default {@code benchmarks/results}, or {@code benchmarks/results/partial} when only some
 * sections run, so the committed results of a full run stay whole); with {@code --readme}, a run of every section also
 * puts the table into that README between its benchmark markers. See benchmarks/README.md for
 * what each figure means and how to reproduce one alone; {@code benchmarks/run.sh} is the one
 * command that installs the peers, builds this jar and runs it.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar [--results DIR] [--work DIR] [--readme README.md]
 *                                            [--only page,media,export,jmh]
 * </pre>
 *
 * <p>Sections, in the order they run: {@code page} (share page against a trivial servlet, on H2
 * and PostgreSQL), {@code media} (ranged MP4 against Jetty's static-file servlet and nginx),
 * {@code export} (clip, thumbnail and HLS against the ffmpeg command line), {@code jmh}
 * (microbenchmarks). Each section's entry point is {@code static List<Figure> run(Path work)};
 * {@code work} is a scratch folder for generated media and databases.
 */
public final class RunAll {
    /** The sections, in the order they run. */
    static final List<String> SECTIONS = List.of("page", "media", "export", "jmh", "share-page-pg-floor", "limiters", "viral", "s3-media");

    private RunAll() { }

    private static final String USAGE = "usage: java -jar benchmarks.jar [--results DIR] [--work DIR] [--readme README.md] "
            + "[--merge] [--only page,media,export,jmh,share-page-pg-floor,limiters,viral,s3-media]";

    /** A usage error: told in one line with the usage, exit status 2, no stack trace. */
    private static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    private static void run(String[] args) throws Exception {
        Path results = null;
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "clipshare-benchmarks");
        Path readme = null;
        Set<String> only = new LinkedHashSet<>(SECTIONS);
        boolean merge = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--merge")) {
                merge = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new UsageException(arg.startsWith("--") ? arg + " needs a value" : "unknown argument " + arg);
            }
            switch (arg) {
                case "--results" -> results = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--readme" -> readme = Path.of(args[++i]);
                case "--only" -> {
                    only = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
                    for (String section : only) {
                        if (!SECTIONS.contains(section)) {
                            throw new UsageException("unknown section '" + section + "'; the sections are " + SECTIONS);
                        }
                    }
                }
                default -> throw new UsageException("unknown argument " + arg);
            }
        }
        if (results == null) {
            // a run of some sections must not replace the committed results of a full run
            results = only.containsAll(SECTIONS) || merge ? Path.of("benchmarks", "results") : Path.of("benchmarks", "results", "partial");
        }
        Files.createDirectories(work);
        long started = System.nanoTime();
        List<Figure> figures = new ArrayList<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String section : SECTIONS) {
            if (!only.contains(section)) {
                continue;
            }
            long t0 = System.nanoTime();
            System.out.println("== " + section);
            figures.addAll(switch (section) {
                case "page" -> SharePageLoad.run(work.resolve("page"));
                case "media" -> MediaLoad.run(work.resolve("media"));
                case "export" -> ExportBenchmark.run(work.resolve("export"));
                case "jmh" -> Microbenchmarks.run(work.resolve("jmh"));
                case "share-page-pg-floor" -> PgFloorLoad.run(work.resolve("pg-floor"));
                case "limiters" -> LimiterLoad.run(work.resolve("limiters"));
                case "viral" -> ViralLoad.run(work.resolve("viral"));
                case "s3-media" -> S3MediaLoad.run(work.resolve("s3-media"));
                default -> throw new AssertionError(section);
            });
            seconds.put(section, (System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "== %s took %.0f s%n", section, seconds.get(section));
        }
        double minutes = (System.nanoTime() - started) / 60e9;
        String when = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        String machine = Machine.describe();
        StringBuilder took = new StringBuilder();
        seconds.forEach((section, s) -> took.append(took.length() == 0 ? "" : ", ")
                .append(section).append(' ').append(String.format(Locale.ROOT, "%.0f s", s)));
        String runLine = String.format(Locale.ROOT, "%s on %s; the sections took %.1f min (%s)", when, machine, minutes, took);
        if (merge && !only.containsAll(SECTIONS)) {
            Report.Merged merged = Report.merge(results, runLine, figures);
            System.out.println("merged this run's sections into " + results.resolve("results.md").toAbsolutePath());
            if (readme != null) {
                Path rel = readme.toAbsolutePath().getParent().relativize(results.toAbsolutePath());
                String link = rel.resolve("results.md").toString().replace('\\', '/');
                StringBuilder block = new StringBuilder("Latest runs (each row comes from the run named for its section):\n\n");
                merged.runLines().forEach(l -> block.append("- ").append(l).append('\n'));
                block.append("\nRatio = Clipshare / the peer in the same run (for times, lower is better). Full results: [")
                        .append(link).append("](").append(link).append(").\n\n").append(merged.table()).append('\n');
                for (int i = 0; i < merged.chartFiles().size(); i++) {
                    block.append("![").append(merged.chartSections().get(i)).append("](")
                            .append(rel.resolve(merged.chartFiles().get(i)).toString().replace('\\', '/')).append(")\n");
                }
                Readme.replaceBlock(readme, block.toString());
                System.out.println("updated the Benchmarks section of " + readme.toAbsolutePath());
            }
            System.out.printf(Locale.ROOT, "all sections took %.1f min%n", minutes);
            return;
        }
        Report.write(results, runLine, figures);
        System.out.println("wrote " + results.resolve("results.md").toAbsolutePath());
        if (readme != null) {
            if (!only.containsAll(SECTIONS)) {
                System.out.println("README left as it was: only a full run (every section) updates it");
            } else {
                Path rel = readme.toAbsolutePath().getParent().relativize(results.toAbsolutePath());
                StringBuilder block = new StringBuilder();
                block.append("Latest run: ").append(runLine).append(". Ratio = Clipshare / the peer in the same run ")
                        .append("(for times, lower is better). Full results: [")
                        .append(rel.resolve("results.md").toString().replace('\\', '/')).append("](")
                        .append(rel.resolve("results.md").toString().replace('\\', '/')).append(").\n\n");
                block.append(Report.table(figures)).append('\n');
                for (String section : figures.stream().map(Figure::section).distinct().toList()) {
                    block.append("![").append(section).append("](")
                            .append(rel.resolve(Report.chartFile(section)).toString().replace('\\', '/')).append(")\n");
                }
                Readme.replaceBlock(readme, block.toString());
                System.out.println("updated the Benchmarks section of " + readme.toAbsolutePath());
            }
        }
        System.out.printf(Locale.ROOT, "all sections took %.1f min%n", minutes);
    }
}
