package dev.clipshare.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.LinksPerTarget;
import dev.clipshare.core.Share;
import dev.clipshare.testkit.Concurrently;
import dev.clipshare.testkit.TestShares;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write-behind view counting with a durable log (on H2): a view that was answered survives a
 * crash of the process that counted it, with no database write per view.
 */
@ExtendWith(SkipWithoutDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DurableViewsTest {
    private TestDatabase db;
    private JdbcStores reader;

    @BeforeAll
    void createSchema() {
        db = TestDatabase.create(TestDatabase.Kind.H2);
        reader = db.stores(db.pool("reader"), b -> b.createSchemaIfMissing(true));
    }

    @AfterAll
    void dropSchema() {
        if (db != null) {
            db.close();
        }
    }

    private JdbcStores durable(Path dir) {
        return db.stores(db.pool("durable"), b -> b.views(ViewCounting.writeBehind(ViewCounting.MAX_INTERVAL, dir)));
    }

    private Share newShare() {
        return reader.shareStore().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);
    }

    private long storedViews(Share share) {
        return reader.shareStore().findById(share.id()).orElseThrow().viewCount();
    }

    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().startsWith("views-")).toList();
        }
    }

    @Test
    void viewsCountedByAProcessKilledWithSigkillAreRecoveredAtTheNextStartExactlyOnce(@TempDir Path dir) throws Exception {
        Share share = newShare();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ViewLogCrashChild.class.getName(),
                dir.toString(), share.id().value(), "250")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).as("the child answered 250 views").isEqualTo("counted 250");
        } finally {
            child.destroyForcibly(); // SIGKILL: no close, no flush, no shutdown hook
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(storedViews(share)).as("nothing reached the database before the crash").isZero();

        JdbcStores restarted = durable(dir); // replays the log at start
        restarted.close();
        assertThat(storedViews(share)).isEqualTo(250);
        assertThat(segments(dir)).as("written segments are deleted").allSatisfy(p -> assertThat(Files.size(p)).isZero());

        durable(dir).close();
        assertThat(storedViews(share)).as("a second start replays nothing").isEqualTo(250);
    }

    @Test
    void concurrentViewsAreLoggedAndWrittenOnceAndTheLogIsEmptiedByTheFlush(@TempDir Path dir) throws Exception {
        Share share = newShare();
        JdbcStores stores = durable(dir);
        Concurrently.run(8, i -> {
            for (int n = 0; n < 100; n++) {
                stores.shareStore().addViews(share.id(), 1);
            }
            return null;
        });
        stores.close();

        assertThat(storedViews(share)).isEqualTo(800);
        durable(dir).close();
        assertThat(storedViews(share)).as("nothing replayed twice").isEqualTo(800);
    }
}
