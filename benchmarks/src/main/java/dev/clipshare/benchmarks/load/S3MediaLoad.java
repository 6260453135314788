package dev.clipshare.benchmarks.load;

import dev.clipshare.benchmarks.report.Figure;
import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.Target;
import dev.clipshare.core.media.FileMediaStore;
import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.jdbc.JdbcPool;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ranged media from S3 against the file store: the same random 1 MiB ranges of a
 * {@value #SIZE_MIB} MiB clip as {@link MediaLoad}, through the {@code ShareFilter} of three hosts
 * side by side in this JVM, identical but for the media store: a {@code FileMediaStore} (the
 * baseline), an {@code S3MediaStore} whose bytes the filter streams from the bucket (proxied), and
 * the same store in redirect mode ({@code mediaRedirects(5 min)}), where the filter answers a 302
 * to a presigned URL and the client fetches the range from the bucket. The S3 server is S3Proxy
 * 2.6.0 over a filesystem blob store in a JVM of its own ({@link S3Server}).
 *
 * <p>wrk does not follow redirects, so every variant is loaded by {@link RangeClient} (a JVM of its
 * own, the JDK's HTTP client, {@value #CONNECTIONS} threads), which follows each 302 with a ranged
 * GET of its {@code Location}, as a player does: in redirect mode a range is two requests (the
 * filter's 302, with every check, then S3Proxy's 206), counted once when its bytes have arrived.
 * First a short run per variant with every range's bytes compared with the file; then a
 * warm-up and {@value #ROUNDS} rounds of one {@value #RUN_SECONDS} s run per variant, the order
 * rotating, each answer checked (206, Content-Range, 1 MiB). No DESIGN.md bar covers S3; the
 * ratios are against the file store in the same run.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.clipshare.benchmarks.load.S3MediaLoad [work dir]
 * </pre>
 */
public final class S3MediaLoad {
    static final String SECTION = "Ranged media on S3";
    static final int SIZE_MIB = 256;
    private static final long SIZE = (long) SIZE_MIB << 20;
    private static final int CHUNK = 1 << 20;
    private static final int CONNECTIONS = 8;
    private static final int RUN_SECONDS = 5;
    private static final int WARMUP_SECONDS = 2;
    private static final int CHECKED_SECONDS = 2;
    private static final int ROUNDS = 3;
    private static final String FILE = "file store";
    private static final String PROXIED = "S3, proxied";
    private static final String REDIRECTED = "S3, redirected";

    private S3MediaLoad() { }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "/tmp/clipshare-s3media");
        LoadHost.print(run(work));
    }

    public static List<Figure> run(Path work) throws Exception {
        LoadHost.deleteTree(work);
        Files.createDirectories(work);
        try {
            return measure(work);
        } finally {
            // large files: leave nothing behind
            LoadHost.deleteTree(work.resolve("media"));
            LoadHost.deleteTree(work.resolve("s3"));
        }
    }

    private static List<Figure> measure(Path work) throws Exception {
        String loadBefore = Wrk.loadAverage();
        Target target = Target.source("s3-media");
        Path mediaRoot = work.resolve("media");
        // a fresh store: the target's first export is version 1, so the file can be placed first
        Path file = new FileMediaStore(mediaRoot).pathOf(MediaKey.clip(target, 1));
        MediaLoad.writeRandom(file, SIZE);
        Map<String, LoadHost> hosts = new LinkedHashMap<>();
        try (S3Server s3 = S3Server.start(work.resolve("s3"))) {
            LoadHost.Options onS3 = LoadHost.Options.DEFAULTS.mediaStore(S3Server.store(s3.endpoint, "media"));
            hosts.put(FILE, host(work, "file", LoadHost.Options.DEFAULTS, mediaRoot));
            long t0 = System.nanoTime();
            hosts.put(PROXIED, host(work, "proxied", onS3, mediaRoot));
            // the same bucket and prefix; the redirecting host's share is of the same target, version 1: the same object
            hosts.put(REDIRECTED, host(work, "redirected", LoadHost.Options.DEFAULTS.mediaStore(S3Server.store(s3.endpoint, "media"))
                    .mediaRedirects(Duration.ofMinutes(5)), mediaRoot));
            Map<String, String> urls = new LinkedHashMap<>();
            long uploadMs = 0;
            for (var e : hosts.entrySet()) {
                LoadHost host = e.getValue();
                boolean upload = e.getKey().equals(PROXIED);
                ShareDetails share = host.readyShare(target.sourceId(), job -> {
                    if (upload) {
                        host.media.publish(MediaKey.clip(target, job.export().version()), file);
                    }
                }, 1280, 720, Duration.ofMinutes(10));
                if (upload) {
                    uploadMs = (System.nanoTime() - t0) / 1_000_000;
                    if (!Files.exists(file) || Files.size(file) != SIZE) {
                        throw new IllegalStateException("publishing to S3 moved the reference file away");
                    }
                }
                HttpResponse<byte[]> page = host.get(LoadHost.pagePath(share));
                if (page.statusCode() != 200) {
                    throw new IllegalStateException(e.getKey() + ": the share page answered " + page.statusCode());
                }
                urls.put(e.getKey(), host.origin + LoadHost.clipUrlOf(new String(page.body(), StandardCharsets.UTF_8)));
            }
            Path dir = Files.createDirectories(work.resolve("client"));
            for (var e : urls.entrySet()) {
                RangeClient.Result r = RangeClient.run(dir, e.getValue(), SIZE, CHUNK, CONNECTIONS, 1, CHECKED_SECONDS, file);
                System.out.printf(Locale.ROOT, "ranged media on S3, %s, every byte checked: %s%n", e.getKey(), r);
                if (e.getKey().equals(REDIRECTED) ? r.redirects() != r.requests() : r.redirects() != 0) {
                    throw new IllegalStateException(e.getKey() + ": " + r.redirects() + " redirects for " + r.requests() + " ranges");
                }
            }
            List<String> names = new ArrayList<>(urls.keySet());
            Map<String, List<RangeClient.Result>> results = new LinkedHashMap<>();
            Map<String, long[]> cpu = new LinkedHashMap<>(); // this JVM (the hosts), the S3 server, ranges, over whole client runs
            for (int i = 0; i < ROUNDS; i++) {
                for (int k = 0; k < names.size(); k++) {
                    String name = names.get((i + k) % names.size());
                    long hosts0 = ViralLoad.processCpu(ProcessHandle.current().pid());
                    long s30 = ViralLoad.processCpu(s3.pid());
                    RangeClient.Result r = RangeClient.run(dir, urls.get(name), SIZE, CHUNK, CONNECTIONS, WARMUP_SECONDS, RUN_SECONDS, null);
                    long[] c = cpu.computeIfAbsent(name, n -> new long[3]);
                    c[0] += ViralLoad.processCpu(ProcessHandle.current().pid()) - hosts0;
                    c[1] += ViralLoad.processCpu(s3.pid()) - s30;
                    c[2] += Math.round(r.requestsPerSecond() * (RUN_SECONDS + WARMUP_SECONDS)); // ranges served over the whole client run
                    System.out.printf(Locale.ROOT, "ranged media on S3, round %d, %s: %s%n", i + 1, name, r);
                    results.computeIfAbsent(name, n -> new ArrayList<>()).add(r);
                }
            }
            String how;
            how = String.format(Locale.ROOT, "RangeClient (java.net.http, HTTP/1.1, a JVM of its own) with %d threads, random "
                            + "Range: bytes=a-(a+1 MiB-1) over the %d MiB clip; %d rounds of one %d s run per variant (after %d s uncounted "
                            + "in the same client), the order rotating; before them a %d s run per variant with every range's bytes "
                            + "compared with the file; every answer checked (206, Content-Range, 1 MiB); three hosts side by side in this "
                            + "JVM on H2; S3Proxy 2.6.0 (filesystem blob store, its own JVM) on loopback; the 256 MiB upload (multipart, "
                            + "16 MiB parts) took %d ms; load average %s before, %s after",
                    CONNECTIONS, SIZE_MIB, ROUNDS, RUN_SECONDS, WARMUP_SECONDS, CHECKED_SECONDS, uploadMs, loadBefore, Wrk.loadAverage());
            StringBuilder where = new StringBuilder("; CPU per range (from /proc over the client runs, ranges estimated from the counted rate): ");
            cpu.forEach((name, c) -> where.append(String.format(Locale.ROOT, "%s: hosts' JVM %.0f µs, S3 server %.0f µs; ", name,
                    c[0] / 1000.0 / Math.max(1, c[2]), c[1] / 1000.0 / Math.max(1, c[2]))));
            how = how + where.toString().replaceAll("; $", "");
            return List.of(
                    figure(PROXIED, results, "each range streamed by the filter from the bucket (one GET of the object's range per "
                            + "request, through S3MediaStore's SDK client) to the client", how),
                    figure(REDIRECTED, results, "each range is two requests: the filter's 302 to a presigned URL (every check, "
                            + "then presigning), then the client's ranged GET of that URL from S3Proxy; counted once, when its bytes "
                            + "have arrived", how));
        } finally {
            for (LoadHost h : hosts.values()) {
                try {
                    h.close();
                } catch (Exception e) {
                    System.err.println("closing a host: " + e);
                }
            }
        }
    }

    private static LoadHost host(Path work, String name, LoadHost.Options options, Path mediaRoot) throws Exception {
        return new LoadHost(new LoadHost.Setup(JdbcPool.builder("jdbc:h2:file:" + work.resolve("h2-" + name + "/clipshare").toAbsolutePath())
                .build(), "clipshare_", false, false, mediaRoot, Map.of(), options));
    }

    private static Figure figure(String name, Map<String, List<RangeClient.Result>> results, String what, String how) {
        List<RangeClient.Result> ours = results.get(name);
        List<RangeClient.Result> file = results.get(FILE);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            ratios.add(ours.get(i).requestsPerSecond() / file.get(i).requestsPerSecond());
        }
        int m = Wrk.medianIndex(ratios);
        String runs = String.format(Locale.ROOT, "runs per round: %s %s, file store %s ranges/s; p50/p99 %.1f/%.1f ms, file store %.1f/%.1f ms",
                name, format(ours), format(file), Wrk.median(ours.stream().map(RangeClient.Result::p50Ms).toList()),
                Wrk.median(ours.stream().map(RangeClient.Result::p99Ms).toList()),
                Wrk.median(file.stream().map(RangeClient.Result::p50Ms).toList()),
                Wrk.median(file.stream().map(RangeClient.Result::p99Ms).toList()));
        return Figure.of(SECTION, "random 1 MiB ranges of a " + SIZE_MIB + " MiB clip, " + name + " (ranges/s, higher is better)",
                        ours.get(m).requestsPerSecond(), "ranges/s")
                .against("file store, same client, same filter", file.get(m).requestsPerSecond())
                .note("Measured: " + what + ". " + how + "; the round with the median ratio, ratio per round " + Wrk.ratios(ratios)
                        + "; " + runs + ".");
    }

    private static String format(List<RangeClient.Result> values) {
        return String.join("/", values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v.requestsPerSecond())).toList());
    }
}
