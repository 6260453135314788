package dev.clipshare.benchmarks.load;

import com.zaxxer.hikari.HikariDataSource;
import dev.clipshare.benchmarks.report.Figure;
import dev.clipshare.core.ShareDetails;
import dev.clipshare.jdbc.JdbcPool;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A viral link on a small cluster: three nodes (three JVMs on loopback, {@link ViralNode}) sharing
 * PostgreSQL (sharing-jdbc's stores), Redis (the rate limiter) and one S3-compatible server
 * ({@link S3Server}, S3Proxy in a fourth JVM) hold one public link whose clip was exported once
 * and published to S3, while every request comes from a viewer of its own (a distinct
 * {@code X-Forwarded-For} address per request through the trusted proxy 127.0.0.1, as when a link
 * goes round a busy chat). Default viewer limits: only the trusted proxy is set. The bar: no answer
 * other than 200 (any other fails the section); the figures: requests per second per node.
 *
 * <p>How: this JVM creates the tables, the share and its export, publishing the clip and thumbnail
 * to the bucket through {@code S3MediaStore} (the exporter), then starts the nodes; each node's
 * page is fetched and checked (200, the player), and so is the clip through each node (the bytes
 * of the published file, read back from S3). Then one wrk per node, all three at once
 * (-t1 -c{@value #CONNECTIONS_PER_NODE} each), a {@value #WARMUP_SECONDS} s warm-up and one
 * {@value #RUN_SECONDS} s run; a Lua hook checks every answer against the node's page. The nodes'
 * CPU, PostgreSQL's and Redis's are read from /proc around the run, {@code pg_stat_activity} is
 * sampled, and after the nodes stop (writing their pending views) the share's view count is read.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.clipshare.benchmarks.load.ViralLoad [work dir]
 * </pre>
 */
public final class ViralLoad {
    static final String SECTION = "Viral link on three nodes";
    private static final int NODES = 3;
    private static final int CONNECTIONS_PER_NODE = 8;
    private static final int WARMUP_SECONDS = 20;
    private static final int RUN_SECONDS = 15;
    /** The public base URL the nodes share, as behind one load balancer (never fetched). */
    private static final String BASE_URL = "https://clips.example.com";

    private ViralLoad() { }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "/tmp/clipshare-viral");
        LoadHost.print(run(work));
    }

    public static List<Figure> run(Path work) throws Exception {
        LoadHost.deleteTree(work);
        Files.createDirectories(work);
        Path[] clip = PageRig.clip(work);
        try (HikariDataSource admin = PageRig.postgres().maximumPoolSize(1).build()) {
            SharePageLoad.dropLeftovers(admin);
        }
        String loadBefore = Wrk.loadAverage();
        String prefix = SharePageLoad.tablePrefix();
        SecureRandom random = new SecureRandom();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("postgres.url", PgFloorLoad.POSTGRES_URL);
        settings.put("table.prefix", prefix);
        settings.put("s3.prefix", "viral/" + prefix.replace("_", ""));
        settings.put("redis.prefix", "clipshare-bench-" + prefix);
        settings.put("base.url", BASE_URL);
        settings.put("signing", key(random));
        settings.put("sealing", key(random));

        List<ChildJvm> nodes = new ArrayList<>();
        try (S3Server s3 = S3Server.start(work.resolve("s3"))) {
            settings.put("s3.endpoint", s3.endpoint.toString());
            Path cluster = work.resolve("cluster.properties");
            ViralNode.writeCluster(cluster, settings);
            Properties p = ViralNode.read(cluster);
            LoadHost.Setup exporterSetup = new LoadHost.Setup(PageRig.postgres().build(),
                    prefix, true, false, work.resolve("unused-media"), Map.of(), ViralNode.options(p));
            try (LoadHost exporter = new LoadHost(exporterSetup); PageRig.Probe probe = new PageRig.Probe(exporter.pool)) {
                ShareDetails share = PageRig.share(exporter, "viral-video", clip);
                String page = LoadHost.pagePath(share);
                for (int i = 1; i <= NODES; i++) {
                    nodes.add(ChildJvm.start("node-" + i, work, List.of("-Xms256m", "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                            ViralNode.class, List.of(cluster.toAbsolutePath().toString()), Duration.ofSeconds(60)));
                }
                byte[] clipBytes = Files.readAllBytes(clip[0]);
                List<String> urls = new ArrayList<>();
                List<Path> scripts = new ArrayList<>();
                for (int i = 0; i < NODES; i++) {
                    String origin = "http://127.0.0.1:" + Integer.parseInt(nodes.get(i).ready());
                    HttpResponse<byte[]> first = checkPage(exporter, origin + page);
                    String clipPath = URI.create(LoadHost.clipUrlOf(new String(first.body(), StandardCharsets.UTF_8))).getRawPath();
                    String clipQuery = URI.create(LoadHost.clipUrlOf(new String(first.body(), StandardCharsets.UTF_8))).getRawQuery();
                    HttpResponse<byte[]> media = exporter.http.send(java.net.http.HttpRequest.newBuilder(
                                    URI.create(origin + clipPath + (clipQuery == null ? "" : "?" + clipQuery)))
                            .header("X-Forwarded-For", "198.51.100." + (i + 1)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    if (media.statusCode() != 200 || !Arrays.equals(media.body(), clipBytes)) {
                        throw new IllegalStateException("node " + (i + 1) + " did not serve the clip from S3: " + media.statusCode()
                                + ", " + media.body().length + " bytes for " + clipBytes.length);
                    }
                    Path expected = PageRig.expected(work, "expected-page-node-" + (i + 1), first.body());
                    scripts.add(Wrk.script(work, "viral-node-" + (i + 1), PageRig.checkEveryAnswer(expected)
                            + PageRig.clientAddresses(11 + i, 0)));
                    urls.add(origin + page);
                }
                long warmCpu0 = nodes.stream().mapToLong(n -> processCpu(n.pid())).sum();
                long warmRequests = concurrently(urls, scripts, WARMUP_SECONDS, "warm-up").stream().mapToLong(Wrk.Result::requests).sum();
                long[] nodeCpu0 = nodes.stream().mapToLong(n -> processCpu(n.pid())).toArray();
                double warmCpu = (Arrays.stream(nodeCpu0).sum() - warmCpu0) / 1000.0 / Math.max(1, warmRequests);
                long s3Cpu0 = processCpu(s3.pid());
                probe.before("viral");
                List<Wrk.Result> results = concurrently(urls, scripts, RUN_SECONDS, "run");
                long total = results.stream().mapToLong(Wrk.Result::requests).sum();
                probe.after("viral", new Wrk.Result(total, 0, RUN_SECONDS, 0, 0, 0, 0, 0));
                long nodesCpu = 0;
                for (int i = 0; i < NODES; i++) {
                    nodesCpu += processCpu(nodes.get(i).pid()) - nodeCpu0[i];
                }
                long s3Cpu = processCpu(s3.pid()) - s3Cpu0;
                String where = String.format(Locale.ROOT, "CPU per request in the timed run: the three nodes %.0f µs (in the "
                                + "warm-up before it: %.0f µs over %d requests), S3 server %.0f µs; this JVM, PostgreSQL, Redis and the machine: "
                                + "%s. %s", nodesCpu / 1000.0 / total, warmCpu, warmRequests, s3Cpu / 1000.0 / total,
                        probe.cpu("viral"), probe.pg("viral"));
                for (ChildJvm n : nodes) {
                    n.close(); // writes the nodes' pending views
                }
                long views = viewCount(exporter.pool, prefix + "shares", share.id().value());
                return figures(results, total, views, where, loadBefore);
            }
        } finally {
            for (ChildJvm n : nodes) {
                n.close();
            }
        }
    }

    private static List<Figure> figures(List<Wrk.Result> results, long total, long views, String where, String loadBefore) {
        List<Figure> figures = new ArrayList<>();
        String how = String.format(Locale.ROOT, "one wrk per node, all at once, -t1 -c%d each, one %d s run after a %d s warm-up; each "
                        + "request a viewer of its own (a distinct X-Forwarded-For address per request, through trustedProxies(\"127.0.0.1\"));"
                        + " default viewer limits; nodes: three JVMs (-Xmx256m) on PostgreSQL (sharing-jdbc), the Redis limiter and "
                        + "S3MediaStore on S3Proxy 2.6.0 (a fourth JVM, filesystem blob store); every answer checked against the node's "
                        + "page (200, the same bytes); load average %s before, %s after",
                CONNECTIONS_PER_NODE, RUN_SECONDS, WARMUP_SECONDS, loadBefore, Wrk.loadAverage());
        double sum = 0;
        for (int i = 0; i < results.size(); i++) {
            Wrk.Result r = results.get(i);
            sum += r.requestsPerSecond();
            figures.add(Figure.of(SECTION, "GET /s/{token} on node " + (i + 1) + " of 3, a distinct client per request (req/s, higher is better)",
                            r.requestsPerSecond(), "req/s")
                    .note(String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms; %d answers, all 200 with the page", r.p50Ms(), r.p99Ms(), r.requests())));
        }
        long notOk = results.stream().mapToLong(r -> r.status4xx5xx() + r.bad() + r.socketErrors()).sum();
        figures.add(Figure.of(SECTION, "GET /s/{token}, the three nodes together (req/s, higher is better)", sum, "req/s")
                .bar("zero answers other than 200 (any other fails the section)", notOk == 0)
                .note(String.format(Locale.ROOT, "%d answers in %d s, %d other than 200; views counted in PostgreSQL after the nodes "
                        + "stopped: %d (the checks, warm-up and answers wrk had not received when it stopped included). %s. %s.",
                        total, RUN_SECONDS, notOk, views, how, where)));
        return figures;
    }

    /** Runs one wrk per node at the same time; every one must be clean (200 with the page, no socket error). */
    private static List<Wrk.Result> concurrently(List<String> urls, List<Path> scripts, int seconds, String what) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(urls.size());
        try {
            List<Future<Wrk.Result>> runs = new ArrayList<>();
            for (int i = 0; i < urls.size(); i++) {
                String url = urls.get(i);
                Path script = scripts.get(i);
                runs.add(pool.submit(() -> Wrk.run(url, script, 1, CONNECTIONS_PER_NODE, Duration.ofSeconds(seconds))));
            }
            List<Wrk.Result> results = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                Wrk.Result r = runs.get(i).get().requireClean("viral link, " + what + ", node " + (i + 1));
                System.out.printf(Locale.ROOT, "viral link, %s, node %d: %s%n", what, i + 1, r);
                results.add(r);
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static HttpResponse<byte[]> checkPage(LoadHost exporter, String url) throws Exception {
        HttpResponse<byte[]> r = exporter.http.send(java.net.http.HttpRequest.newBuilder(URI.create(url))
                .header("X-Forwarded-For", "198.51.100.200").build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200 || !new String(r.body(), StandardCharsets.UTF_8).contains("clipshare-video")) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + " without the player");
        }
        return r;
    }

    private static long viewCount(javax.sql.DataSource pool, String table, String id) throws Exception {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("select view_count from " + table + " where id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    /** CPU time (user + system) of a process so far, in nanoseconds, from /proc; 0 when unreadable. */
    static long processCpu(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (Exception e) {
            return 0;
        }
    }

    private static String key(SecureRandom random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }
}
