package dev.clipshare.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.LinksPerTarget;
import dev.clipshare.core.Share;
import dev.clipshare.testkit.Concurrently;
import dev.clipshare.testkit.Eventually;
import dev.clipshare.testkit.TestShares;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Write-behind view counting (on H2; the outage case runs on PostgreSQL in
 * {@link PostgresFaultTest}): views reach the database within the interval without anyone
 * asking, nothing is lost on close, and views counted during shutdown are not stranded.
 */
@ExtendWith(SkipWithoutDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriteBehindViewsTest {
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

    private JdbcStores writeBehind(Duration interval) {
        return db.stores(db.pool("write-behind"), b -> b.views(ViewCounting.writeBehind(interval)));
    }

    private Share newShare() {
        return reader.shareStore().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);
    }

    private long storedViews(Share share) {
        return reader.shareStore().findById(share.id()).orElseThrow().viewCount();
    }

    @Test
    void viewsReachTheDatabaseWithinTheIntervalWithoutAFlushCall() {
        JdbcStores stores = writeBehind(ViewCounting.MAX_INTERVAL);
        Share share = newShare();

        for (int i = 0; i < 25; i++) {
            stores.shareStore().addViews(share.id(), 1);
        }

        // one second of interval, plus slack for a loaded machine
        Eventually.within(Duration.ofSeconds(3), () -> {
            assertThat(storedViews(share)).isEqualTo(25);
            assertThat(stores.shareStore().pendingViews()).isZero(); // lowered just after the write commits
        });
    }

    @Test
    void eightThreadsAddingAThousandViewsEachCountEightThousandOnceClosed() throws Exception {
        JdbcStores stores = writeBehind(Duration.ofMillis(50)); // flushes race the adds on purpose
        Share share = newShare();
        Share other = newShare();

        Concurrently.run(8, i -> {
            for (int v = 0; v < 1000; v++) {
                stores.shareStore().addViews(i % 2 == 0 ? share.id() : other.id(), 1);
            }
            return null;
        });
        stores.close();

        assertThat(storedViews(share)).isEqualTo(4000);
        assertThat(storedViews(other)).isEqualTo(4000);
    }

    @Test
    void closeWritesWhatIsPendingAndLaterViewsAreWrittenAtOnce() {
        JdbcStores stores = writeBehind(ViewCounting.MAX_INTERVAL);
        Share share = newShare();
        stores.shareStore().addViews(share.id(), 7);

        stores.close();
        long afterClose = storedViews(share);
        stores.shareStore().addViews(share.id(), 2); // a request still running during shutdown

        assertThat(afterClose).isEqualTo(7);
        assertThat(storedViews(share)).isEqualTo(9);
        assertThat(stores.shareStore().pendingViews()).isZero();
    }

    @Test
    void flushViewsWritesNowAndReadsShowTheStoredCount() {
        JdbcStores stores = writeBehind(ViewCounting.MAX_INTERVAL);
        Share share = newShare();

        stores.shareStore().addViews(share.id(), 3);
        stores.shareStore().addViews(share.id(), 4);
        stores.shareStore().flushViews();

        assertThat(stores.shareStore().findById(share.id()).orElseThrow().viewCount()).isEqualTo(7);
        assertThat(storedViews(share)).isEqualTo(7);
    }

    @Test
    void synchronousCountingWritesEveryCall() {
        Share share = newShare();

        reader.shareStore().addViews(share.id(), 5);

        assertThat(reader.viewCounting().interval()).isEmpty();
        assertThat(storedViews(share)).isEqualTo(5);
    }
}
