package dev.clipshare.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Debian {@code wrk} as a separate process for a bounded time and reads its summary from
 * a line our Lua {@code done} hook prints, so nothing depends on wrk's human-readable output.
 * Scripts may count wrong answers in a per-thread global {@code bad}; the hook sums them. Each
 * thread gets its number (1, 2, …) in the global {@code thread_id}, e.g. to seed a random generator.
 */
final class Wrk {
    /** Appended to every script: collects the threads, prints one machine-readable summary line. */
    private static final String SUMMARY = """

            local clipshare_threads = {}
            function setup(thread)
              table.insert(clipshare_threads, thread)
              thread:set("thread_id", #clipshare_threads)
            end
            function done(summary, latency, requests)
              local bad = 0
              for _, t in ipairs(clipshare_threads) do
                bad = bad + (t:get("bad") or 0)
              end
              local e = summary.errors
              io.write(string.format("CLIPSHARE_WRK requests=%d bytes=%d duration_us=%d status=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p99_us=%d bad=%d\\n",
                summary.requests, summary.bytes, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
                latency:percentile(50), latency:percentile(99), bad))
            end
            """;

    private Wrk() { }

    /**
     * What one run measured. Socket errors and wrk's {@code errors.status} (answers with a status of
     * 400 or more; wrk does not count 1xx or 3xx there) are counted apart from {@code bad}, the
     * answers the script's own {@code response} hook found wrong.
     */
    record Result(long requests, long bytes, double seconds, long status4xx5xx, long socketErrors, double p50Ms, double p99Ms, long bad) {
        double requestsPerSecond() {
            return requests / seconds;
        }

        double mebibytesPerSecond() {
            return bytes / seconds / (1024.0 * 1024);
        }

        double bytesPerRequest() {
            return requests == 0 ? 0 : (double) bytes / requests;
        }

        /** Throws when anything but the expected answer came back. */
        Result requireClean(String what) {
            if (requests == 0 || status4xx5xx > 0 || socketErrors > 0 || bad > 0) {
                throw new IllegalStateException(what + ": " + requests + " requests, " + status4xx5xx + " with a status ≥ 400, "
                        + socketErrors + " socket errors, " + bad + " wrong answers");
            }
            return this;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f req/s, %.1f MiB/s, p50 %.2f ms, p99 %.2f ms (%d requests, %d bad)",
                    requestsPerSecond(), mebibytesPerSecond(), p50Ms, p99Ms, requests, bad);
        }
    }

    /** Writes {@code body} plus the summary hook as a wrk script in {@code dir}. */
    static Path script(Path dir, String name, String body) throws IOException {
        Path p = dir.resolve(name + ".lua");
        Files.writeString(p, body + SUMMARY, StandardCharsets.UTF_8);
        return p;
    }

    /** Runs wrk against {@code url}; fails (and kills it) when it does not end within the duration plus 30 s. */
    static Result run(String url, Path script, int threads, int connections, Duration duration)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections,
                "-d" + duration.toSeconds() + "s", "--timeout", "10s", "--latency", "-s", script.toString(), url));
        Exec e = exec(cmd, script.getParent(), Duration.ofSeconds(duration.toSeconds() + 30));
        String out = e.output();
        if (e.exitValue() != 0) {
            throw new IllegalStateException("wrk failed (" + e.exitValue() + "): " + out);
        }
        String line = out.lines().filter(l -> l.startsWith("CLIPSHARE_WRK ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no summary from wrk: " + out));
        Map<String, Long> v = new HashMap<>();
        for (String kv : line.substring("CLIPSHARE_WRK ".length()).split(" ")) {
            int eq = kv.indexOf('=');
            v.put(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1).strip()));
        }
        return new Result(v.get("requests"), v.get("bytes"), v.get("duration_us") / 1e6, v.get("status"),
                v.get("connect") + v.get("read") + v.get("write") + v.get("timeout"),
                v.get("p50_us") / 1000.0, v.get("p99_us") / 1000.0, v.get("bad"));
    }

    /** How a program ended: its exit value and its output (stdout and stderr together). */
    record Exec(int exitValue, String output) { }

    /**
     * Runs a program with its output going to a file in {@code dir} (so nothing waits on a pipe),
     * waits at most {@code timeout}, kills it when it did not end, then reads the file. Fails on a timeout.
     */
    static Exec exec(List<String> cmd, Path dir, Duration timeout) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, Path.of(cmd.get(0)).getFileName() + "-", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean ended;
            try {
                ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                if (p.isAlive()) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            }
            String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            if (!ended) {
                throw new IllegalStateException(cmd.get(0) + " did not end within " + timeout.toSeconds() + " s, killed: "
                        + cmd + "; output: " + out);
            }
            return new Exec(p.exitValue(), out);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * Loads each named URL in turn (with its script): a warm-up run of each, then {@code rounds} rounds of one run per URL,
     * the order rotating per round (A B C, B C A, C A B) so that none always goes first or last; every
     * run must be {@linkplain Result#requireClean clean}. The results are listed per name in round order.
     */
    static Map<String, List<Result>> rotate(String label, Map<String, String> urls, Map<String, Path> scripts, int threads, int connections,
                                            Duration warmup, Duration run, int rounds, RunHook hook) throws IOException, InterruptedException {
        for (Map.Entry<String, String> e : urls.entrySet()) {
            run(e.getValue(), scripts.get(e.getKey()), threads, connections, warmup).requireClean(label + ", warm-up, " + e.getKey());
        }
        List<String> names = new ArrayList<>(urls.keySet());
        Map<String, List<Result>> results = new java.util.LinkedHashMap<>();
        for (int i = 0; i < rounds; i++) {
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((i + k) % names.size());
                hook.before(name);
                Result r = run(urls.get(name), scripts.get(name), threads, connections, run).requireClean(label + ", " + name);
                hook.after(name, r);
                System.out.printf(Locale.ROOT, "%s, round %d, %s: %s%n", label, i + 1, name, r);
                results.computeIfAbsent(name, n -> new ArrayList<>()).add(r);
            }
        }
        return results;
    }

    /** Told before and after each timed run of {@link #rotate} (not the warm-ups), e.g. to sample what the servers do. */
    interface RunHook {
        RunHook NONE = new RunHook() { };

        default void before(String name) { }

        default void after(String name, Result result) { }
    }

    /** The machine's load averages (1, 5, 15 min) from /proc/loadavg, e.g. "3.98 3.10 2.75", or "n/a". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** The index of the median value of an odd-sized list (the round whose ratio is the median). */
    static int medianIndex(List<Double> values) {
        if (values.size() % 2 == 0) {
            throw new IllegalArgumentException("an odd number of values is needed: " + values.size());
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Double.compare(values.get(a), values.get(b)));
        return order.get(values.size() / 2);
    }

    /** "0.62 (0.58–0.66)": the median of the ratios and their range. */
    static String ratios(List<Double> values) {
        return String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", median(values),
                values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
    }

    /** The median of a list of values (the mean of the middle two for an even count). */
    static double median(List<Double> values) {
        List<Double> s = values.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
