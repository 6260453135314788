package dev.clipshare.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small load client for ranged media that follows redirects as a player does, which wrk cannot:
 * {@code connections} threads, each asking for random {@code chunk}-byte ranges of a
 * {@code size}-byte clip in a loop with the JDK's {@code java.net.http} client (HTTP/1.1, keep-alive).
 * A 302 is followed by a second GET of its {@code Location} with the same {@code Range}, as a
 * browser's media element does; a range counts once, when its bytes have arrived. Every answer is
 * checked: a 206, {@code Content-Range: bytes a-b/size} for the range asked, exactly {@code chunk}
 * bytes; with a reference file given, the bytes themselves are compared too (for the short checked
 * runs: reading the file costs the client CPU). The first {@code warm-up} seconds are not counted.
 * Runs in a JVM of its own; prints one line:
 *
 * <pre>
 * CLIPSHARE_RANGES requests=… bytes=… seconds=… redirects=… bad=… p50_us=… p99_us=…
 * RangeClient &lt;url&gt; &lt;size&gt; &lt;chunk&gt; &lt;connections&gt; &lt;warm-up s&gt; &lt;seconds&gt; [reference file]
 * </pre>
 */
final class RangeClient {
    private RangeClient() { }

    /** What one run measured (the counted window only). */
    record Result(long requests, long bytes, double seconds, long redirects, long bad, double p50Ms, double p99Ms, String firstBad) {
        double requestsPerSecond() {
            return requests / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f ranges/s, %.1f MiB/s, p50 %.2f ms, p99 %.2f ms (%d ranges, %d redirects followed, %d bad)",
                    requestsPerSecond(), bytes / seconds / (1 << 20), p50Ms, p99Ms, requests, redirects, bad);
        }
    }

    /** Runs the client in a JVM of its own and reads its summary; fails on a bad answer or when it does not end in time. */
    static Result run(Path dir, String url, long size, int chunk, int connections, int warmupSeconds, int seconds, Path reference)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx256m", "-cp", System.getProperty("java.class.path"), RangeClient.class.getName(),
                url, Long.toString(size), Integer.toString(chunk), Integer.toString(connections), Integer.toString(warmupSeconds),
                Integer.toString(seconds)));
        if (reference != null) {
            cmd.add(reference.toAbsolutePath().toString());
        }
        Wrk.Exec e = Wrk.exec(cmd, dir, Duration.ofSeconds(warmupSeconds + seconds + 60));
        String line = e.output().lines().filter(l -> l.startsWith("CLIPSHARE_RANGES ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no summary from the range client (" + e.exitValue() + "): " + e.output()));
        java.util.Map<String, String> v = new java.util.HashMap<>();
        for (String kv : line.substring("CLIPSHARE_RANGES ".length()).split(" ", 8)) {
            int eq = kv.indexOf('=');
            v.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        Result r = new Result(Long.parseLong(v.get("requests")), Long.parseLong(v.get("bytes")), Double.parseDouble(v.get("seconds")),
                Long.parseLong(v.get("redirects")), Long.parseLong(v.get("bad")), Long.parseLong(v.get("p50_us")) / 1000.0,
                Long.parseLong(v.get("p99_us")) / 1000.0, v.getOrDefault("first_bad", ""));
        if (r.requests() == 0 || r.bad() > 0) {
            throw new IllegalStateException("range client on " + url + ": " + r + "; first wrong answer: " + r.firstBad());
        }
        return r;
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        long size = Long.parseLong(args[1]);
        int chunk = Integer.parseInt(args[2]);
        int connections = Integer.parseInt(args[3]);
        long warmupNanos = Long.parseLong(args[4]) * 1_000_000_000L;
        long runNanos = Long.parseLong(args[5]) * 1_000_000_000L;
        Path reference = args.length > 6 ? Path.of(args[6]) : null;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long start = System.nanoTime();
        long countFrom = start + warmupNanos;
        long end = countFrom + runNanos;
        AtomicLong requests = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong redirects = new AtomicLong();
        AtomicLong bad = new AtomicLong();
        List<String> firstBad = java.util.Collections.synchronizedList(new ArrayList<>());
        List<long[]> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < connections; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(System.nanoTime() ^ (id * 0x9E3779B97F4A7C15L));
                byte[] buf = new byte[64 * 1024];
                byte[] got = reference != null ? new byte[chunk] : null;
                byte[] want = reference != null ? new byte[chunk] : null;
                long[] lat = new long[1 << 20];
                int n = 0;
                try (RandomAccessFile ref = reference != null ? new RandomAccessFile(reference.toFile(), "r") : null) {
                    while (true) {
                        long now = System.nanoTime();
                        if (now >= end) {
                            break;
                        }
                        long first = random.nextLong(size - chunk + 1);
                        long last = first + chunk - 1;
                        String range = "bytes=" + first + "-" + last;
                        String problem = null;
                        long received = 0;
                        boolean redirected = false;
                        try {
                            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(url).header("Range", range)
                                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofInputStream());
                            if (r.statusCode() == 302) {
                                redirected = true;
                                String location = r.headers().firstValue("Location").orElse(null);
                                try (InputStream in = r.body()) {
                                    in.transferTo(java.io.OutputStream.nullOutputStream());
                                }
                                if (location == null) {
                                    problem = "302 without Location";
                                } else {
                                    r = http.send(HttpRequest.newBuilder(url.resolve(location)).header("Range", range)
                                            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofInputStream());
                                }
                            }
                            String contentRange = r.headers().firstValue("Content-Range").orElse("");
                            try (InputStream in = r.body()) {
                                for (int k; (k = in.read(buf)) > 0; ) {
                                    if (got != null && received + k <= chunk) {
                                        System.arraycopy(buf, 0, got, (int) received, k);
                                    }
                                    received += k;
                                }
                            }
                            if (problem == null && (r.statusCode() != 206 || !contentRange.equals("bytes " + first + "-" + last + "/" + size)
                                    || received != chunk)) {
                                problem = r.statusCode() + " " + contentRange + " with " + received + " bytes for " + range;
                            }
                            if (problem == null && ref != null) {
                                ref.seek(first);
                                ref.readFully(want);
                                if (!Arrays.equals(got, want)) {
                                    problem = "other bytes than the file's for " + range;
                                }
                            }
                        } catch (IOException e) {
                            problem = e.toString();
                        }
                        long done = System.nanoTime();
                        if (done > end || now < countFrom) {
                            continue; // not in the counted window
                        }
                        if (problem != null) {
                            bad.incrementAndGet();
                            if (firstBad.isEmpty()) {
                                firstBad.add(problem.replace(' ', '_'));
                            }
                            continue;
                        }
                        requests.incrementAndGet();
                        bytes.addAndGet(received);
                        if (redirected) {
                            redirects.incrementAndGet();
                        }
                        if (n < lat.length) {
                            lat[n++] = done - now;
                        }
                    }
                } catch (Exception e) {
                    bad.incrementAndGet();
                    firstBad.add(e.toString().replace(' ', '_'));
                }
                latencies.add(Arrays.copyOf(lat, n));
            }, "ranges-" + t);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        long p50 = all.length == 0 ? 0 : all[(int) Math.min(all.length - 1, Math.round(all.length * 0.50))] / 1000;
        long p99 = all.length == 0 ? 0 : all[(int) Math.min(all.length - 1, Math.round(all.length * 0.99))] / 1000;
        System.out.printf(Locale.ROOT, "CLIPSHARE_RANGES requests=%d bytes=%d seconds=%.3f redirects=%d bad=%d p50_us=%d p99_us=%d first_bad=%s%n",
                requests.get(), bytes.get(), runNanos / 1e9, redirects.get(), bad.get(), p50, p99,
                firstBad.isEmpty() ? "" : firstBad.get(0));
        System.exit(0);
    }
}
