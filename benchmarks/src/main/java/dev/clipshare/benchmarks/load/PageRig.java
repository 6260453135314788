package dev.clipshare.benchmarks.load;

import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.jdbc.JdbcPool;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * What the share-page sections built on {@link LoadHost} have in common: a ready public share with
 * a real clip, its page fetched and checked, the wrk scripts that check every answer against it
 * (and give each request a client address through {@code X-Forwarded-For}), and the two probes
 * that say where the time goes in this run: CPU per request by process (this JVM, PostgreSQL's
 * backends, Redis) and samples of {@code pg_stat_activity} (what PostgreSQL's active backends wait on).
 */
final class PageRig {
    private static final Set<String> CONNECTION_HEADERS = Set.of("date", "content-length", "content-type", "server",
            "connection", "keep-alive", "transfer-encoding", ":status");

    /**
     * The PostgreSQL connections' application name: pg_stat_activity is sampled for these only, since
     * other programs on a shared machine may use the same database.
     */
    static final String APPLICATION_NAME = "clipshare-bench";

    private PageRig() { }

    /** A pool on the benchmarks' PostgreSQL database, its connections named {@link #APPLICATION_NAME}. */
    static JdbcPool.Builder postgres() {
        return JdbcPool.builder(PgFloorLoad.POSTGRES_URL).username("postgres").property("ApplicationName", APPLICATION_NAME);
    }

    /** A 2 s 320x240 clip and its thumbnail under {@code work} (made once per section). */
    static Path[] clip(Path work) throws IOException, InterruptedException {
        Path clip = work.resolve("clip.mp4");
        Path thumbnail = work.resolve("thumbnail.jpg");
        if (!Files.exists(clip) || !Files.exists(thumbnail)) {
            SharePageLoad.makeClip(clip, thumbnail);
        }
        return new Path[] {clip, thumbnail};
    }

    /** A ready public share of {@code sourceId} whose export's clip and thumbnail are published to the host's media store. */
    static ShareDetails share(LoadHost host, String sourceId, Path[] clip) {
        return host.readyShare(sourceId, job -> {
            host.media.publish(MediaKey.clip(job.export().target(), job.export().version()), clip[0]);
            host.media.publish(MediaKey.thumbnail(job.export().target(), job.export().version()), clip[1]);
        }, 320, 240, Duration.ofSeconds(2));
    }

    /** The page at {@code path}, fetched twice: a 200 with the player, the same bytes both times. */
    static HttpResponse<byte[]> stablePage(LoadHost host, String path, String... headers) throws IOException, InterruptedException {
        HttpResponse<byte[]> first = host.get(path, headers);
        HttpResponse<byte[]> second = host.get(path, headers);
        if (first.statusCode() != 200 || !new String(first.body(), StandardCharsets.UTF_8).contains("clipshare-video")) {
            throw new IllegalStateException("the share page did not render the player: " + first.statusCode());
        }
        if (!Arrays.equals(first.body(), second.body())) {
            throw new IllegalStateException("the share page differs between two fetches; it cannot be checked byte for byte");
        }
        return first;
    }

    /** The page's own headers (not the connection's), for a servlet that answers the same. */
    static List<Map.Entry<String, String>> pageHeaders(HttpResponse<byte[]> page) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        page.headers().map().forEach((name, values) -> {
            if (!CONNECTION_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> headers.add(Map.entry(name, v)));
            }
        });
        return headers;
    }

    /** Hands the page's bytes and headers to {@code servlet}. */
    static void answerAs(LoadHost.FixedServlet servlet, HttpResponse<byte[]> page) {
        servlet.answer(page.body(), page.headers().firstValue("Content-Type").orElseThrow(), pageHeaders(page));
    }

    /** Lua: every answer must be a 200 with exactly the bytes of {@code expected}; others are counted in {@code bad}. */
    static String checkEveryAnswer(Path expected) {
        return """
                local f = assert(io.open("%s", "rb"))
                local expected = f:read("*a")
                f:close()
                bad = 0
                function response(status, headers, body)
                  if status ~= 200 or body ~= expected then
                    bad = bad + 1
                  end
                end
                """.formatted(expected.toAbsolutePath());
    }

    /**
     * Lua: each request carries an {@code X-Forwarded-For} address. With {@code perThread} &gt; 0, each wrk
     * thread cycles through that many addresses of its own ({@code 10.<first>.<thread>.<n>}): as many
     * clients as connections, each coming back (wrk's Lua cannot tell its connections apart, so the
     * address goes with the request, not the socket). With 0, every request has an address of its own
     * ({@code <first>.x.y.z}, counted per thread from 0): every request is a new viewer.
     */
    static String clientAddresses(int first, int perThread) {
        if (perThread > 0) {
            return """
                    local n = 0
                    function request()
                      n = n + 1
                      return wrk.format(nil, nil, {["X-Forwarded-For"] = "10.%d." .. (thread_id or 0) .. "." .. (n %% %d)})
                    end
                    """.formatted(first, perThread);
        }
        return """
                local n = 0
                function request()
                  n = n + 1
                  local a = n + 65536 * (thread_id or 0)
                  local addr = "%d." .. (math.floor(a / 65536) %% 256) .. "." .. (math.floor(a / 256) %% 256) .. "." .. (a %% 256)
                  return wrk.format(nil, nil, {["X-Forwarded-For"] = addr})
                end
                """.formatted(first);
    }

    /** Writes the expected page beside the scripts and returns its path. */
    static Path expected(Path work, String name, byte[] page) throws IOException {
        Path p = work.resolve(name + ".html");
        Files.write(p, page);
        return p;
    }

    // ---- where the time goes ------------------------------------------------------------------

    /**
     * Around each timed run: the CPU time of this JVM, PostgreSQL and Redis (summed over a name's
     * runs) and, with a pool, {@code pg_stat_activity} samples.
     */
    static final class Probe implements Wrk.RunHook, AutoCloseable {
        private final PgActivity activity;
        private final Map<String, long[]> cpu = new java.util.LinkedHashMap<>(); // jvm, pg, redis, machine, requests
        private Cpu started;

        Probe(DataSource pool) throws SQLException {
            this.activity = pool == null ? null : new PgActivity(pool);
        }

        @Override
        public void before(String name) {
            started = Cpu.now();
            if (activity != null) {
                activity.sampleAs(name);
            }
        }

        @Override
        public void after(String name, Wrk.Result result) {
            if (activity != null) {
                activity.sampleAs(null);
            }
            Cpu end = Cpu.now();
            long[] sum = cpu.computeIfAbsent(name, n -> new long[5]);
            sum[0] += end.jvm() - started.jvm();
            sum[1] += end.postgres() - started.postgres();
            sum[2] += end.redis() - started.redis();
            sum[3] += end.machineBusy() - started.machineBusy();
            sum[4] += result.requests();
        }

        /** CPU per request over {@code name}'s timed runs. */
        String cpu(String name) {
            long[] s = cpu.get(name);
            return new Cpu(s[0], s[1], s[2], s[3]).perRequest(new Cpu(0, 0, 0, 0), s[4]);
        }

        /** µs of CPU per request over {@code name}'s timed runs: this JVM, PostgreSQL, Redis, the whole machine. */
        double[] micros(String name) {
            long[] s = cpu.get(name);
            double n = Math.max(1, s[4]) * 1000.0;
            return new double[] {s[0] / n, s[1] / n, s[2] / n, s[3] / n};
        }

        /** "2,140 µs more of this JVM's CPU per request, 35 µs more of PostgreSQL's, 0 µs more of Redis's" ({@code a} against {@code b}). */
        String difference(String a, String b) {
            double[] x = micros(a);
            double[] y = micros(b);
            return String.format(Locale.ROOT, "%+.0f µs of this JVM's CPU per request, %+.0f µs of PostgreSQL's, %+.0f µs of Redis's",
                    x[0] - y[0], x[1] - y[1], x[2] - y[2]);
        }

        /** What PostgreSQL's active backends did during {@code name}'s timed runs. */
        String pg(String name) {
            return activity == null ? "" : activity.summary(name);
        }

        @Override
        public void close() throws SQLException, InterruptedException {
            if (activity != null) {
                activity.close();
            }
        }
    }

    /** CPU time so far, in nanoseconds: this JVM, PostgreSQL's processes, Redis's, and the whole machine (busy). */
    record Cpu(long jvm, long postgres, long redis, long machineBusy) {
        static Cpu now() {
            long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            long pg = 0;
            long redis = 0;
            try (var dirs = Files.list(Path.of("/proc"))) {
                for (Path d : dirs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                    String stat;
                    try {
                        stat = Files.readString(d.resolve("stat"));
                    } catch (IOException | RuntimeException gone) {
                        continue;
                    }
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    if (open < 0 || close < 0) {
                        continue;
                    }
                    String comm = stat.substring(open + 1, close);
                    boolean isPg = comm.startsWith("postgres");
                    boolean isRedis = comm.startsWith("redis-server");
                    if (!isPg && !isRedis) {
                        continue;
                    }
                    String[] f = stat.substring(close + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                    if (isPg) {
                        pg += ticks;
                    } else {
                        redis += ticks;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: only the JVM's figure is meaningful
            }
            long busy = 0;
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                for (int i = 1; i < f.length; i++) {
                    if (i != 4 && i != 5) { // all but idle and iowait
                        busy += Long.parseLong(f[i]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux
            }
            long tick = 10_000_000L; // USER_HZ = 100 on Linux
            return new Cpu(jvm, pg * tick, redis * tick, busy * tick);
        }

        /** "JVM 52 µs, PostgreSQL 31 µs, Redis 4 µs, machine 120 µs of CPU per request" between {@code before} and now. */
        String perRequest(Cpu before, long requests) {
            double n = Math.max(1, requests) * 1000.0;
            return String.format(Locale.ROOT, "JVM %.0f µs, PostgreSQL %.0f µs%s, whole machine %.0f µs (other engineers' builds included)",
                    (jvm - before.jvm) / n, (postgres - before.postgres) / n,
                    redis > before.redis ? String.format(Locale.ROOT, ", Redis %.0f µs", (redis - before.redis) / n) : "",
                    (machineBusy - before.machineBusy) / n);
        }
    }

    /**
     * Samples PostgreSQL's client backends of the current database opened by the benchmarks
     * ({@link #APPLICATION_NAME}) every 20 ms while a name is set:
     * per name, the number of samples, the active backends, and what those were doing (CPU, or
     * the wait event type/name).
     */
    static final class PgActivity implements AutoCloseable {
        private final Connection connection;
        private final Thread sampler;
        private volatile String current;
        private final Map<String, Map<String, AtomicLong>> waits = new ConcurrentHashMap<>();
        private final Map<String, AtomicLong> samples = new ConcurrentHashMap<>();

        PgActivity(DataSource pool) throws SQLException {
            this.connection = pool.getConnection();
            this.sampler = new Thread(this::loop, "pg-activity");
            sampler.setDaemon(true);
            sampler.start();
        }

        /** Samples count for {@code name} from now on; {@code null} pauses. */
        void sampleAs(String name) {
            current = name;
        }

        private void loop() {
            try (Statement st = connection.createStatement()) {
                while (!Thread.currentThread().isInterrupted()) {
                    String name = current;
                    if (name != null) {
                        samples.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
                        try (ResultSet rs = st.executeQuery("select coalesce(wait_event_type || '/' || wait_event, 'on CPU') "
                                + "from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() "
                                + "and backend_type = 'client backend' and state = 'active' and application_name = '" + APPLICATION_NAME + "'")) {
                            while (rs.next()) {
                                waits.computeIfAbsent(name, k -> new ConcurrentHashMap<>())
                                        .computeIfAbsent(rs.getString(1), k -> new AtomicLong()).incrementAndGet();
                            }
                        }
                    }
                    Thread.sleep(20);
                }
            } catch (InterruptedException | SQLException e) {
                // stopped
            }
        }

        /** "1.8 active backends per sample (412 samples): on CPU 61 %, Client/ClientRead 22 %, …" or "no samples". */
        String summary(String name) {
            long n = samples.getOrDefault(name, new AtomicLong()).get();
            if (n == 0) {
                return "no pg_stat_activity samples";
            }
            Map<String, AtomicLong> w = waits.getOrDefault(name, Map.of());
            long active = w.values().stream().mapToLong(AtomicLong::get).sum();
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%.1f active backends per pg_stat_activity sample (%d samples)",
                    (double) active / n, n));
            TreeMap<Long, List<String>> byCount = new TreeMap<>();
            w.forEach((k, v) -> byCount.computeIfAbsent(-v.get(), c -> new ArrayList<>()).add(k));
            String sep = ": ";
            for (var e : byCount.entrySet()) {
                for (String k : e.getValue()) {
                    double share = -e.getKey() * 100.0 / Math.max(1, active);
                    if (share >= 2) {
                        sb.append(sep).append(k).append(String.format(Locale.ROOT, " %.0f %%", share));
                        sep = ", ";
                    }
                }
            }
            return sb.toString();
        }

        @Override
        public void close() throws SQLException, InterruptedException {
            sampler.interrupt();
            sampler.join(5000);
            connection.close();
        }
    }
}
