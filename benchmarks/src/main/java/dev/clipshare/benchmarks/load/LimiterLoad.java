package dev.clipshare.benchmarks.load;

import com.zaxxer.hikari.HikariDataSource;
import dev.clipshare.benchmarks.report.Figure;
import dev.clipshare.core.ShareDetails;
import dev.clipshare.jdbc.JdbcPool;
import dev.clipshare.jdbc.JdbcStores;
import dev.clipshare.redis.RedisRateLimiter;
import io.lettuce.core.RedisURI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a shared rate limiter costs the share page: the page's requests per second with the
 * Redis limiter ({@code RedisRateLimiter} on 127.0.0.1:6379) and with the database's
 * ({@code JdbcStores.rateLimiter()} on PostgreSQL), each against the in-memory limiter in the same
 * run. DESIGN.md: Redis costs at most 30 % (ratio ≥ 0.7); the database limiter, ratio ≥ 0.5.
 *
 * <p>How: three {@link LoadHost}s side by side in this JVM, each on PostgreSQL (tables of its own,
 * dropped afterwards) with one ready public share, identical but for the limiter; the filter trusts
 * 127.0.0.1 as a proxy, and each request carries an {@code X-Forwarded-For} client address, one per
 * connection's worth of requests (each wrk thread cycles through as many addresses as it has
 * connections), so what is counted is the per-client-per-link limit, as for a real audience,
 * raised to 10⁹/min so it never refuses. wrk -t2 -c16, a warm-up per host, then {@value #ROUNDS}
 * rounds of one {@value #RUN_SECONDS} s run per host, the order rotating; every answer checked
 * against the host's page; each ratio is the median of the per-round ratios. Many short rounds rather than a few long
 * ones: on a shared or virtual machine the speed drifts by tens of percent within a minute, and the
 * median over many adjacent runs of each side cancels that drift where a few long runs do not. CPU per request (this
 * JVM, PostgreSQL, Redis) and {@code pg_stat_activity} samples are taken during every run.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.clipshare.benchmarks.load.LimiterLoad [work dir]
 * </pre>
 */
public final class LimiterLoad {
    static final String SECTION = "Rate limiters";
    static final String REDIS_URI = "redis://127.0.0.1:6379";
    private static final int RUN_SECONDS = 3;
    private static final int WARMUP_SECONDS = 6;
    private static final int ROUNDS = 11;
    private static final int THREADS = 2;
    private static final int CONNECTIONS = 16;
    private static final String MEMORY = "in-memory limiter";
    private static final String REDIS = "Redis limiter";
    private static final String JDBC = "PostgreSQL limiter";

    private LimiterLoad() { }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "/tmp/clipshare-limiters");
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
        String redisPrefix = "clipshare-bench-" + SharePageLoad.tablePrefix();
        LoadHost.Options base = LoadHost.Options.DEFAULTS.trustedProxies("127.0.0.1");
        Map<String, LoadHost.Options> limiters = new LinkedHashMap<>();
        limiters.put(MEMORY, base);
        limiters.put(REDIS, base.limiter(stores -> RedisRateLimiter.builder(RedisURI.create(REDIS_URI)).keyPrefix(redisPrefix).build()));
        limiters.put(JDBC, base.limiter(JdbcStores::rateLimiter));

        Map<String, LoadHost> hosts = new LinkedHashMap<>();
        try (HikariDataSource probePool = PageRig.postgres().maximumPoolSize(2).build();
             PageRig.Probe probe = new PageRig.Probe(probePool)) {
            Map<String, String> urls = new LinkedHashMap<>();
            Map<String, Path> scripts = new LinkedHashMap<>();
            int n = 0;
            for (var e : limiters.entrySet()) {
                n++;
                LoadHost host = new LoadHost(new LoadHost.Setup(PageRig.postgres().build(),
                        SharePageLoad.tablePrefix(), true, false, work.resolve("media-" + n), Map.of(), e.getValue()));
                hosts.put(e.getKey(), host);
                ShareDetails share = PageRig.share(host, "limiter-video-" + n, clip);
                String page = LoadHost.pagePath(share);
                HttpResponse<byte[]> first = PageRig.stablePage(host, page, "X-Forwarded-For", "192.0.2.1");
                Path expected = PageRig.expected(work, "expected-page-" + n, first.body());
                scripts.put(e.getKey(), Wrk.script(work, "limiter-" + n,
                        PageRig.checkEveryAnswer(expected) + PageRig.clientAddresses(n, CONNECTIONS / THREADS)));
                urls.put(e.getKey(), host.origin + page);
            }
            Map<String, List<Wrk.Result>> r = Wrk.rotate("share page by rate limiter", urls, scripts, THREADS, CONNECTIONS,
                    Duration.ofSeconds(WARMUP_SECONDS), Duration.ofSeconds(RUN_SECONDS), ROUNDS, probe);
            String how = String.format(Locale.ROOT, "wrk -t%d -c%d, %d distinct X-Forwarded-For clients (each wrk thread cycles through "
                            + "%d addresses of its own, one per connection's worth of requests; wrk's Lua cannot tell its connections apart) "
                            + "through trustedProxies(\"127.0.0.1\"), per-client-per-link limit raised to 10⁹/min (counted, never refused); "
                            + "three hosts side by side in one JVM, each on PostgreSQL with its own tables; %d rounds of one %d s run per host "
                            + "after a %d s warm-up of each, the order rotating; every answer checked (200, the host's page); load average %s "
                            + "before, %s after",
                    THREADS, CONNECTIONS, CONNECTIONS, CONNECTIONS / THREADS, ROUNDS, RUN_SECONDS, WARMUP_SECONDS, loadBefore, Wrk.loadAverage());
            List<Figure> figures = new ArrayList<>();
            figures.add(figure(REDIS, r, 0.7, "Redis costs ≤ 30 % of page throughput (≥ 0.7 of in-memory)", how, probe));
            figures.add(figure(JDBC, r, 0.5, "≥ 0.5 of the in-memory limiter", how, probe));
            return figures;
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

    private static Figure figure(String name, Map<String, List<Wrk.Result>> r, double bar, String barText, String how, PageRig.Probe probe) {
        List<Wrk.Result> ours = r.get(name);
        List<Wrk.Result> memory = r.get(MEMORY);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            ratios.add(ours.get(i).requestsPerSecond() / memory.get(i).requestsPerSecond());
        }
        int m = Wrk.medianIndex(ratios);
        boolean met = ratios.get(m) >= bar;
        String latencies = String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms; in-memory p50 %.2f ms, p99 %.2f ms",
                Wrk.median(ours.stream().map(Wrk.Result::p50Ms).toList()), Wrk.median(ours.stream().map(Wrk.Result::p99Ms).toList()),
                Wrk.median(memory.stream().map(Wrk.Result::p50Ms).toList()), Wrk.median(memory.stream().map(Wrk.Result::p99Ms).toList()));
        String where = String.format(Locale.ROOT, "against the in-memory limiter, %s; CPU per request, this run: %s %s; in-memory %s. "
                        + "%s: %s; in-memory: %s", probe.difference(name, MEMORY),
                name, probe.cpu(name), probe.cpu(MEMORY), name, probe.pg(name), probe.pg(MEMORY));
        return Figure.of(SECTION, "GET /s/{token}, PostgreSQL stores, " + name + ", distinct clients (req/s, higher is better)",
                        ours.get(m).requestsPerSecond(), "req/s")
                .against("same page, in-memory limiter", memory.get(m).requestsPerSecond())
                .bar(barText, met)
                .note(latencies + "; " + how + "; the round with the median ratio, ratio per round " + Wrk.ratios(ratios) + ". "
                        + (met ? "" : "Bar missed; where the time went, measured in this run: ") + where + ".");
    }
}
