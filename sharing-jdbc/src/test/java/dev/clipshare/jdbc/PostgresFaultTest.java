package dev.clipshare.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.clipshare.core.LinksPerTarget;
import dev.clipshare.core.RateLimit;
import dev.clipshare.core.Share;
import dev.clipshare.core.StorageException;
import dev.clipshare.core.Target;
import dev.clipshare.core.spi.PasswordAttempt;
import dev.clipshare.testkit.Eventually;
import dev.clipshare.testkit.MutableClock;
import dev.clipshare.testkit.TestShares;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Database trouble on PostgreSQL, made without touching the shared server: a TCP proxy that
 * stalls (the database hangs) or drops connections (it is down), backends terminated with
 * {@code pg_terminate_backend} in the middle of a call, a row lock held by another session, a
 * statement failing half-way. In every case the call fails with {@link StorageException} within
 * about its timeout, no connection stays checked out, and the store works again afterwards
 * without being rebuilt.
 */
@ExtendWith(SkipWithoutDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresFaultTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    /** The query timeout of the stores under test; the network timeout is one second more. */
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(1);

    private final MutableClock clock = MutableClock.at(T0);
    private TestDatabase db;
    private TcpProxy proxy;
    private HikariDataSource proxiedPool;
    private JdbcStores proxied;
    private JdbcStores proxiedWriteBehind;
    private String directName;
    private HikariDataSource directPool;
    private JdbcStores direct;

    @BeforeAll
    void start() throws Exception {
        db = TestDatabase.create(TestDatabase.Kind.POSTGRESQL);
        directName = "direct_" + db.name(); // finds this pool's backends in pg_stat_activity
        directPool = db.pool(directName);
        direct = db.stores(directPool, b -> b.createSchemaIfMissing(true).queryTimeout(QUERY_TIMEOUT).clock(clock));
        proxy = new TcpProxy(db.host(), db.port());
        proxiedPool = db.pool(db.jdbcUrl("127.0.0.1", proxy.port()), "proxied", b -> b.connectionTimeout(Duration.ofSeconds(2)));
        proxied = db.stores(proxiedPool, b -> b.queryTimeout(QUERY_TIMEOUT).clock(clock));
        proxiedWriteBehind = db.stores(proxiedPool, b -> b.queryTimeout(QUERY_TIMEOUT)
                .views(ViewCounting.writeBehind(Duration.ofMillis(200))));
    }

    @AfterEach
    void databaseBack() {
        proxy.pass();
    }

    @AfterAll
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private Share storedShare() {
        return direct.shareStore().insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH).build(), LinksPerTarget.MULTIPLE);
    }

    @Test
    void aDatabaseThatHangsFailsTheCallWithinTheTimeoutAndTheStoreRecoversWithoutRestart() {
        Share share = storedShare();
        assertThat(proxied.shareStore().findById(share.id())).contains(share);

        proxy.stall();
        StorageException failure = StorageFailures.within(Duration.ofMillis(5_000), () -> proxied.shareStore().findById(share.id()));
        StorageException exportFailure = StorageFailures.within(Duration.ofMillis(5_000), () -> proxied.exportStore().latest(share.target()));

        assertThat(failure).hasCauseInstanceOf(SQLException.class);
        assertThat(exportFailure).hasCauseInstanceOf(SQLException.class);
        assertThat(proxiedPool.getHikariPoolMXBean().getActiveConnections()).as("connections still checked out").isZero();
        proxy.pass();
        Eventually.within(Duration.ofSeconds(15), () -> assertThat(proxied.shareStore().findById(share.id())).contains(share));
        assertThat(proxiedPool.getHikariPoolMXBean().getActiveConnections()).isZero();
    }

    @Test
    void aDatabaseThatIsDownFailsEveryCallFastAndTheStoresWorkAgainWhenItIsBack() {
        Share share = storedShare();
        JdbcRateLimiter limiter = proxied.rateLimiter();
        String key = "token:" + UUID.randomUUID();
        assertThat(limiter.tryAcquire(key, RateLimit.perMinute(100)).allowed()).isTrue();

        proxy.refuse();

        StorageFailures.within(Duration.ofMillis(3_500), () -> proxied.shareStore().findByTokenHash(share.tokenHash()));
        StorageFailures.within(Duration.ofMillis(3_500), () -> proxied.shareStore().revoke(share.id(), T0));
        StorageFailures.within(Duration.ofMillis(3_500), () -> proxied.exportStore().enqueue(share.target(), null, T0));
        StorageFailures.within(Duration.ofMillis(3_500), () -> limiter.tryAcquire(key, RateLimit.perMinute(100)));
        assertThat(proxiedPool.getHikariPoolMXBean().getActiveConnections()).isZero();
        assertThat(direct.shareStore().findById(share.id()).orElseThrow().isRevoked()).as("nothing was written").isFalse();

        proxy.pass();
        Eventually.within(Duration.ofSeconds(15), () -> assertThat(proxied.shareStore().findById(share.id())).contains(share));
        assertThat(limiter.tryAcquire(key, RateLimit.perMinute(100)).allowed()).isTrue();
        assertThat(proxied.exportStore().enqueue(share.target(), null, T0).version()).isEqualTo(1);
    }

    @Test
    void aBackendKilledInTheMiddleOfACallFailsItLeavesNothingHalfWrittenAndTheNextCallWorks() throws Exception {
        Share share = storedShare();
        try (Connection holder = db.connection()) {
            holder.setAutoCommit(false);
            lockRow(holder, share);
            CompletableFuture<PasswordAttempt> attempt = CompletableFuture.supplyAsync(() ->
                    direct.shareStore().reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10)));
            Eventually.within(Duration.ofSeconds(5), () -> assertThat(db.queryLong(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = '" + directName + "' AND wait_event_type = 'Lock'")).isOne());

            db.queryLong("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '" + directName + "'");

            assertThatThrownBy(() -> attempt.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(StorageException.class).hasCauseInstanceOf(SQLException.class);
            holder.rollback();
        }
        assertThat(direct.shareStore().findById(share.id()).orElseThrow().failedAttempts()).as("nothing half-written").isZero();
        assertThat(direct.shareStore().reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10)).failures()).isEqualTo(1);
        assertThat(directPool.getHikariPoolMXBean().getActiveConnections()).isZero();
    }

    @Test
    void aRowLockHeldTooLongEndsTheCallAtTheQueryTimeout() throws Exception {
        Share share = storedShare();
        try (Connection holder = db.connection()) {
            holder.setAutoCommit(false);
            lockRow(holder, share);

            StorageException failure = StorageFailures.within(QUERY_TIMEOUT.plusMillis(2_000), () -> direct.shareStore().revoke(share.id(), T0));

            holder.rollback();
            assertThat(failure).hasCauseInstanceOf(SQLException.class);
        }
        assertThat(direct.shareStore().findById(share.id()).orElseThrow().isRevoked()).isFalse();
        assertThat(directPool.getHikariPoolMXBean().getActiveConnections()).isZero();
        assertThat(direct.shareStore().revoke(share.id(), T0).orElseThrow().isRevoked()).isTrue();
    }

    @Test
    void anEnqueueFailingHalfWayLeavesNoVersionBehind() {
        Target doomed = Target.source("doomed-" + UUID.randomUUID());
        db.execute("CREATE FUNCTION refuse_doomed() RETURNS trigger LANGUAGE plpgsql AS $$"
                        + " BEGIN IF NEW.source_id LIKE 'doomed-%' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$",
                "CREATE TRIGGER refuse_doomed BEFORE INSERT ON clipshare_exports FOR EACH ROW EXECUTE FUNCTION refuse_doomed()");
        try {
            // the version counter is bumped first, then the export row fails
            assertThatThrownBy(() -> direct.exportStore().enqueue(doomed, null, T0)).isInstanceOf(StorageException.class)
                    .hasCauseInstanceOf(SQLException.class);
        } finally {
            db.execute("DROP TRIGGER refuse_doomed ON clipshare_exports", "DROP FUNCTION refuse_doomed()");
        }

        assertThat(direct.exportStore().latest(doomed)).isEmpty();
        assertThat(direct.exportStore().enqueue(doomed, null, T0).version()).as("no version was used up").isEqualTo(1);
    }

    @Test
    void viewsCountedWhileTheDatabaseIsDownAreWrittenOnceItIsBack() {
        Share share = storedShare();
        JdbcShareStore store = proxiedWriteBehind.shareStore();
        proxy.refuse();

        long started = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            store.addViews(share.id(), 1);
        }
        Duration spent = Duration.ofNanos(System.nanoTime() - started);
        assertThatThrownBy(store::flushViews).isInstanceOf(StorageException.class);

        assertThat(spent).as("counting a view waits for no database").isLessThan(Duration.ofMillis(200));
        assertThat(store.pendingViews()).isEqualTo(50);
        proxy.pass();
        // the flusher lowers its pending count just after its write commits: wait for both
        Eventually.within(Duration.ofSeconds(15), () -> {
            assertThat(direct.shareStore().findById(share.id()).orElseThrow().viewCount()).isEqualTo(50);
            assertThat(store.pendingViews()).isZero();
        });
    }

    private static void lockRow(Connection holder, Share share) throws SQLException {
        try (Statement s = holder.createStatement()) {
            s.executeQuery("SELECT id FROM clipshare_shares WHERE id = '" + share.id().value() + "' FOR UPDATE").close();
        }
    }
}
