package dev.clipshare.benchmarks.load;

import dev.clipshare.benchmarks.report.Figure;
import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.jdbc.JdbcPool;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * Share page under load: requests per second and latency of {@code GET /s/{token}} for a ready,
 * public share, against a trivial servlet in the same Jetty answering the very same bytes and
 * headers (the DESIGN.md bar: at least 70 % of its requests per second, p99 under 10 ms).
 *
 * <p>How: one embedded Jetty 12 (ee10) on a loopback port holds the {@code ShareFilter} over a
 * {@code Sharing} on sharing-jdbc stores (write-behind view counting, the default) and a
 * {@code FileMediaStore} with a real clip and thumbnail made by {@code ffmpeg}; the page is fetched
 * once and handed to the trivial servlet, whose requests pass through the {@code ShareFilter} too
 * (it is mapped to {@code /*}, checks the path and hands them on). {@code wrk} (a separate process,
 * 2 threads, 16 connections, {@value #RUN_SECONDS} s runs after a short warm-up) then loads the page
 * and the trivial servlet in {@value #ROUNDS} rounds of one run each, back to back, the order
 * alternating per round; the ratio is taken per round, and the figure is the round with the median
 * ratio (the bar is on that median; the note gives the range). A Lua hook compares every
 * response with the fetched page (status 200, same bytes); a run with one wrong answer fails the
 * benchmark. Done on H2 (an embedded file database), on PostgreSQL (127.0.0.1:5432, database
 * {@code test}, tables under a unique prefix dropped afterwards, and those a killed run left dropped
 * first), and on PostgreSQL with the
 * database-backed rate limiter multi-node hosts run. The rate limits are raised to 10⁹ per minute
 * so the load is counted but never refused: the defaults (600 per minute) would answer 429 within
 * the first second.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.clipshare.benchmarks.load.SharePageLoad [work dir]
 * </pre>
 */
public final class SharePageLoad {
    static final String SECTION = "Share page";
    static final int RUN_SECONDS = 6;
    private static final int WARMUP_SECONDS = 4;
    private static final int ROUNDS = 3;
    /** The processors this JVM sees, which wrk, Jetty and PostgreSQL share. */
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final int THREADS = 2;
    private static final int CONNECTIONS = 16;
    private static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final Set<String> CONNECTION_HEADERS = Set.of("date", "content-length", "content-type", "server",
            "connection", "keep-alive", "transfer-encoding", ":status");

    private SharePageLoad() { }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "/tmp/clipshare-sharepage");
        long start = System.nanoTime();
        List<Figure> figures = run(work);
        LoadHost.print(figures);
        System.out.printf(Locale.ROOT, "share page section took %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    public static List<Figure> run(Path work) throws Exception {
        LoadHost.deleteTree(work);
        Files.createDirectories(work);
        Path clip = work.resolve("clip.mp4");
        Path thumbnail = work.resolve("thumbnail.jpg");
        makeClip(clip, thumbnail);

        List<Figure> figures = new ArrayList<>();
        // -Dclipshare.load.only=h2|postgresql|limiter runs one database alone (e.g. under a profiler)
        String only = System.getProperty("clipshare.load.only", "");
        if (only.isEmpty() || only.equals("h2")) {
            figures.addAll(measure(work, "H2", JdbcPool.builder("jdbc:h2:file:" + work.resolve("h2/clipshare").toAbsolutePath())
                .build(), "clipshare_", false, false, clip, thumbnail));
        }
        String prefix = tablePrefix();
        if (only.isEmpty() || only.equals("postgresql") || only.equals("limiter")) {
            try (HikariDataSource pool = JdbcPool.builder(POSTGRES_URL).username("postgres").build()) {
                dropLeftovers(pool);
            }
        }
        if (only.isEmpty() || only.equals("postgresql")) {
            figures.addAll(measure(work, "PostgreSQL", JdbcPool.builder(POSTGRES_URL).username("postgres").build(),
                    prefix, true, false, clip, thumbnail));
        }
        if (only.isEmpty() || only.equals("limiter")) {
            figures.addAll(measure(work, "PostgreSQL, database rate limiter", JdbcPool.builder(POSTGRES_URL)
                    .username("postgres").build(), prefix, true, true, clip, thumbnail));
        }
        return figures;
    }

    /**
     * The PostgreSQL tables' prefix: "bench", the start time (8 hex digits of the epoch second), 4 random
     * hex digits, "_". The time lets a later run tell a killed run's leftovers from a run still going.
     */
    static String tablePrefix() {
        return "bench" + String.format(Locale.ROOT, "%08x", Instant.now().getEpochSecond())
                + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt()) + "_";
    }

    /**
     * Drops the tables a killed run left behind: those under a {@link #tablePrefix()} more than 15 minutes
     * old (a section takes ~2.5 min) or in the future, and those of the earlier random prefixes
     * ("bench" + 8 random hex digits + "_", read as a time that is almost surely outside the last 15 minutes).
     */
    static void dropLeftovers(DataSource pool) throws SQLException {
        long now = Instant.now().getEpochSecond();
        List<String> stale = new ArrayList<>();
        try (Connection c = pool.getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select table_name from information_schema.tables "
                     + "where table_schema = current_schema() and table_name like 'bench%'")) {
            while (rs.next()) {
                String table = rs.getString(1);
                Matcher m = LEFTOVER.matcher(table);
                if (m.find()) {
                    long started = Long.parseLong(m.group(1), 16);
                    if (started < now - 15 * 60 || started > now + 60) {
                        stale.add(table);
                    }
                }
            }
        }
        if (stale.isEmpty()) {
            return;
        }
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            for (String table : stale) {
                st.execute("drop table if exists \"" + table.replace("\"", "\"\"") + "\" cascade");
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        System.out.println("share page: dropped " + stale.size() + " tables left by killed runs: " + stale);
    }

    private static final Pattern LEFTOVER = Pattern.compile("^bench([0-9a-f]{8})(?:[0-9a-f]{4})?_");

    private static List<Figure> measure(Path work, String database, com.zaxxer.hikari.HikariDataSource pool, String prefix,
                                        boolean dropTables, boolean databaseLimiter, Path clip, Path thumbnail) throws Exception {
        LoadHost.FixedServlet trivial = new LoadHost.FixedServlet();
        Path media = work.resolve("media");
        LoadHost.deleteTree(media);
        LoadHost.Setup setup = new LoadHost.Setup(pool, prefix, dropTables, databaseLimiter, media,
                Map.of("/trivial", new ServletHolder(trivial)));
        try (LoadHost host = new LoadHost(setup)) {
            ShareDetails share = host.readyShare("page-video", job -> {
                host.media.publish(MediaKey.clip(job.export().target(), job.export().version()), clip);
                host.media.publish(MediaKey.thumbnail(job.export().target(), job.export().version()), thumbnail);
            }, 320, 240, Duration.ofSeconds(2));
            String page = LoadHost.pagePath(share);

            HttpResponse<byte[]> first = host.get(page);
            HttpResponse<byte[]> second = host.get(page);
            if (first.statusCode() != 200 || !new String(first.body(), java.nio.charset.StandardCharsets.UTF_8).contains("clipshare-video")) {
                throw new IllegalStateException("the share page did not render the player: " + first.statusCode());
            }
            if (!Arrays.equals(first.body(), second.body())) {
                throw new IllegalStateException("the share page differs between two fetches; the trivial servlet cannot replay it");
            }
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            first.headers().map().forEach((name, values) -> {
                if (!CONNECTION_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> headers.add(Map.entry(name, v)));
                }
            });
            String type = first.headers().firstValue("Content-Type").orElseThrow();
            trivial.answer(first.body(), type, headers);
            HttpResponse<byte[]> replay = host.get("/trivial");
            if (replay.statusCode() != 200 || !Arrays.equals(replay.body(), first.body())) {
                throw new IllegalStateException("the trivial servlet does not answer the page's bytes");
            }

            Path expected = work.resolve("expected-page.html");
            Files.write(expected, first.body());
            Path script = Wrk.script(work, "page", """
                    local f = assert(io.open("%s", "rb"))
                    local expected = f:read("*a")
                    f:close()
                    bad = 0
                    function response(status, headers, body)
                      if status ~= 200 or body ~= expected then
                        bad = bad + 1
                      end
                    end
                    """.formatted(expected.toAbsolutePath()));

            String clipshareUrl = host.origin + page;
            String trivialUrl = host.origin + "/trivial";
            Wrk.run(clipshareUrl, script, THREADS, CONNECTIONS, Duration.ofSeconds(WARMUP_SECONDS)).requireClean("warm-up " + database);
            Wrk.run(trivialUrl, script, THREADS, CONNECTIONS, Duration.ofSeconds(WARMUP_SECONDS)).requireClean("warm-up trivial");
            List<Wrk.Result> ours = new ArrayList<>();
            List<Wrk.Result> peer = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                // a round is one run of each, back to back; the order alternates so neither always goes first
                if (i % 2 == 0) {
                    ours.add(Wrk.run(clipshareUrl, script, THREADS, CONNECTIONS, Duration.ofSeconds(RUN_SECONDS)).requireClean("share page " + database));
                    peer.add(Wrk.run(trivialUrl, script, THREADS, CONNECTIONS, Duration.ofSeconds(RUN_SECONDS)).requireClean("trivial servlet"));
                } else {
                    peer.add(Wrk.run(trivialUrl, script, THREADS, CONNECTIONS, Duration.ofSeconds(RUN_SECONDS)).requireClean("trivial servlet"));
                    ours.add(Wrk.run(clipshareUrl, script, THREADS, CONNECTIONS, Duration.ofSeconds(RUN_SECONDS)).requireClean("share page " + database));
                }
                System.out.printf(Locale.ROOT, "share page, %s, round %d (%s first): Clipshare %s; trivial %s; ratio %.2f%n", database, i + 1,
                        i % 2 == 0 ? "Clipshare" : "trivial", ours.get(i), peer.get(i),
                        ours.get(i).requestsPerSecond() / peer.get(i).requestsPerSecond());
            }
            return figures(database, databaseLimiter, first.body().length, ours, peer);
        }
    }

    private static List<Figure> figures(String database, boolean databaseLimiter, int pageBytes, List<Wrk.Result> ours, List<Wrk.Result> peer) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            ratios.add(ours.get(i).requestsPerSecond() / peer.get(i).requestsPerSecond());
        }
        // the figure is the round whose ratio is the median, so its ratio is the median of the paired rounds
        int m = Wrk.medianIndex(ratios);
        double rps = ours.get(m).requestsPerSecond();
        double peerRps = peer.get(m).requestsPerSecond();
        double ratio = ratios.get(m);
        double p50 = Wrk.median(ours.stream().map(Wrk.Result::p50Ms).toList());
        double p99 = Wrk.median(ours.stream().map(Wrk.Result::p99Ms).toList());
        double peerP50 = Wrk.median(peer.stream().map(Wrk.Result::p50Ms).toList());
        double peerP99 = Wrk.median(peer.stream().map(Wrk.Result::p99Ms).toList());
        String how = String.format(Locale.ROOT, "wrk -t%d -c%d, %d rounds of one %d s run each, back to back, the order "
                        + "alternating per round; req/s of the round with the median ratio, ratio per round %s, latencies the "
                        + "medians of the %d runs; the trivial servlet's requests pass through the ShareFilter too (it is "
                        + "mapped to /*, checks the path and hands the request on); every response checked (200, the same %d "
                        + "bytes); rate limits raised to 10⁹/min (%s)",
                THREADS, CONNECTIONS, ROUNDS, RUN_SECONDS, Wrk.ratios(ratios), ROUNDS, pageBytes,
                databaseLimiter ? "counted in PostgreSQL by JdbcRateLimiter" : "counted in memory");
        String latencies = String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms; trivial servlet p50 %.2f ms, p99 %.2f ms",
                p50, p99, peerP50, peerP99);
        boolean met = ratio >= 0.7;
        String gap = met ? "" : " Gap (from JFR profiles and pg_stat_activity samples of this benchmark, 2026-12-06, not"
                + " this run): " + (databaseLimiter ? LIMITER_GAP : database.equals("H2") ? H2_GAP : POSTGRES_GAP);
        Figure throughput = Figure.of(SECTION, "GET /s/{token}, " + database + " (req/s, higher is better)", rps, "req/s")
                .against("trivial servlet, same bytes", peerRps)
                .bar("≥ 70 % of a trivial servlet", met)
                .note(latencies + "; " + how + "." + gap);
        if (databaseLimiter) {
            return List.of(throughput);
        }
        Figure latency = Figure.of(SECTION, "GET /s/{token}, " + database + ", p99 latency (ms, lower is better)", p99, "ms")
                .bar("p99 < 10 ms", p99 < 10)
                .note(latencies + " at " + CONNECTIONS + " connections, at full load (wrk shares the " + CORES + " cores; the trivial "
                        + "servlet's p99 shows the container's and the scheduler's share)." + (p99 < 10 ? "" : " " + LATENCY_GAP));
        return List.of(throughput, latency);
    }

    /** Why the share page stays below the bar, from JFR recordings of this benchmark (see the commits of the fixes). */
    private static final String FIXED = "Fixed on the way: H2 re-parsed every query because each setQueryTimeout bumped its "
            + "metadata version (Db.prepare; 0.09 → 0.27 of the trivial servlet in an A/B run on the loaded machine), and the "
            + "link card unsealed the stored token (AES-GCM) on every view (Viewer.card; 0.27 → 0.33, same conditions); rows are "
            + "read by position, since H2 built a map of upper-cased labels for every result set (Rows; the page's two "
            + "lookups 9.5 → 6.4 µs).";
    private static final String H2_GAP = "per view the filter does what the trivial servlet does not: one indexed lookup "
            + "(the share by its token's hash with the id of its newest completed export, whose row each node keeps: a "
            + "completed export never changes), the client's rate-limit bucket, the view count (written behind) and the "
            + "page's model; an open link's rendered page and link card are kept per node by their inputs, so a view "
            + "renders nothing (2026-12-06: 0.51 -> 0.64-0.66 here). The lookup is the rule that a revoke, a password change or an "
            + "expiry counts at the next request, so it is not cached. " + FIXED;
    private static final String POSTGRES_GAP = "as on H2, plus the lookup is a round trip to a PostgreSQL backend on the "
            + "same " + CORES + " cores, whose CPU comes on top of the JVM's: a trivial servlet that reads no database is no peer "
            + "for a page that must check one per view; the section \"Share page on PostgreSQL against its floor\" measures "
            + "the page against a servlet doing one primary-key lookup on the same PostgreSQL.";
    private static final String LIMITER_GAP = "every page also takes its client's bucket for the link in PostgreSQL, one "
            + "INSERT ... ON CONFLICT DO UPDATE ... RETURNING on an unlogged table per view (2026-12-06; Bucket4j's "
            + "select-for-update transactions on a global row gave 648 req/s here). That exact cross-node count is what the "
            + "database limiter is for; the section \"Rate limiters\" measures it against the in-memory limiter.";
    private static final String LATENCY_GAP = "The tail is the load itself: wrk, Jetty and the database share " + CORES + " cores, so a "
            + "request queues behind the CPU time of the others; the trivial servlet's p99 at its own (higher) load is given "
            + "for comparison.";

    /** A 2 s 320x240 H.264/AAC clip and its thumbnail, made by the Debian ffmpeg. */
    static void makeClip(Path clip, Path thumbnail) throws IOException, InterruptedException {
        ffmpeg(clip.getParent(), "-f", "lavfi", "-i", "testsrc2=duration=2:size=320x240:rate=25", "-f", "lavfi", "-i", "sine=duration=2",
                "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart", clip.toString());
        ffmpeg(clip.getParent(), "-i", clip.toString(), "-frames:v", "1", thumbnail.toString());
    }

    static void ffmpeg(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
        cmd.addAll(List.of(args));
        Wrk.Exec e = Wrk.exec(cmd, dir, Duration.ofSeconds(60));
        if (e.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg failed (" + e.exitValue() + "): " + e.output());
        }
    }
}
