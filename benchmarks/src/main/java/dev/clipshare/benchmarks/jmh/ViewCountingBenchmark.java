package dev.clipshare.benchmarks.jmh;

import dev.clipshare.core.LinksPerTarget;
import dev.clipshare.core.Principal;
import dev.clipshare.core.Share;
import dev.clipshare.core.ShareId;
import dev.clipshare.core.ShareToken;
import dev.clipshare.core.Target;
import dev.clipshare.core.Visibility;
import dev.clipshare.jdbc.JdbcStores;
import dev.clipshare.jdbc.ViewCounting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What counting one page view costs the request, on the JDBC store (H2, write-behind every
 * second): {@code memory} is an in-memory addition (a crash loses up to a second of views),
 * {@code durable} also appends the view to the node-local log and waits for it to be on disk
 * ({@code fsync}, shared by the views that arrive together), so no answered view is lost.
 * Four threads, as concurrent page requests. The figure depends on the disk's {@code fsync}
 * latency: run it on the disk the log will live on.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main ViewCountingBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Threads(4)
@Fork(1)
public class ViewCountingBenchmark {
    @Param({"memory", "durable"})
    public String mode;

    private JdbcStores stores;
    private Path logDirectory;
    private ShareId share;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:views-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        logDirectory = Files.createTempDirectory(Path.of(System.getProperty("user.dir")), "view-log-");
        ViewCounting counting = mode.equals("durable")
                ? ViewCounting.writeBehind(ViewCounting.MAX_INTERVAL, logDirectory)
                : ViewCounting.writeBehind(ViewCounting.MAX_INTERVAL);
        stores = JdbcStores.builder(h2).createSchemaIfMissing(true).views(counting).build();
        ShareToken token = ShareToken.generate();
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        ShareId id = ShareId.random();
        Share s = new Share(id, token.hash(), "s1.sealed-" + UUID.randomUUID(), "team-1", Target.source("video-1"), Visibility.PUBLIC,
                null, null, Map.of(), null, false, null, new Principal("u-1", "Ada"), now, now, null, 0, 0, 0, null, null);
        share = stores.shareStore().insert(s, LinksPerTarget.MULTIPLE).id();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        stores.close();
        try (Stream<Path> walk = Files.walk(logDirectory)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public void countAView() {
        stores.shareStore().addViews(share, 1);
    }
}
