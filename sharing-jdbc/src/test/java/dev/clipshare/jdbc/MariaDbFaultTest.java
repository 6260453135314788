package dev.clipshare.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.clipshare.core.LinksPerTarget;
import dev.clipshare.core.Share;
import dev.clipshare.core.StorageException;
import dev.clipshare.core.spi.PasswordAttempt;
import dev.clipshare.testkit.Eventually;
import dev.clipshare.testkit.TestShares;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
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
 * Database trouble on MariaDB, made without touching the shared server: the pool's session
 * killed ({@code KILL}) in the middle of a call, a row lock held by another session past the
 * query timeout, and a TCP proxy that stalls.
 */
@ExtendWith(SkipWithoutDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbFaultTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(1);

    private TestDatabase db;
    private HikariDataSource pool;
    private JdbcStores stores;
    private TcpProxy proxy;
    private HikariDataSource proxiedPool;
    private JdbcStores proxied;

    @BeforeAll
    void start() throws Exception {
        db = TestDatabase.create(TestDatabase.Kind.MARIADB);
        pool = db.pool("direct");
        stores = db.stores(pool, b -> b.createSchemaIfMissing(true).queryTimeout(QUERY_TIMEOUT));
        proxy = new TcpProxy(db.host(), db.port());
        proxiedPool = db.pool(db.jdbcUrl("127.0.0.1", proxy.port()), "proxied", b -> { });
        proxied = db.stores(proxiedPool, b -> b.queryTimeout(QUERY_TIMEOUT));
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
        return stores.shareStore().insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH).build(), LinksPerTarget.MULTIPLE);
    }

    @Test
    void aSessionKilledInTheMiddleOfACallFailsItLeavesNothingHalfWrittenAndTheNextCallWorks() throws Exception {
        Share share = storedShare();
        try (Connection holder = db.connection()) {
            holder.setAutoCommit(false);
            lockRow(holder, share);
            CompletableFuture<PasswordAttempt> attempt = CompletableFuture.supplyAsync(() ->
                    stores.shareStore().reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10)));
            String waiting = "FROM information_schema.PROCESSLIST WHERE DB = '" + db.name() + "'"
                    + " AND INFO LIKE '%SELECT failed_attempts%' AND ID <> CONNECTION_ID()";
            Eventually.within(Duration.ofSeconds(5), () -> assertThat(db.queryLong("SELECT COUNT(*) " + waiting)).isOne());

            db.execute("KILL CONNECTION " + db.queryLong("SELECT ID " + waiting));

            assertThatThrownBy(() -> attempt.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(StorageException.class).hasCauseInstanceOf(SQLException.class);
            holder.rollback();
        }
        assertThat(stores.shareStore().findById(share.id()).orElseThrow().failedAttempts()).as("nothing half-written").isZero();
        assertThat(stores.shareStore().reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10)).failures()).isEqualTo(1);
        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
    }

    @Test
    void aRowLockHeldTooLongEndsTheCallAtTheQueryTimeout() throws Exception {
        Share share = storedShare();
        try (Connection holder = db.connection()) {
            holder.setAutoCommit(false);
            lockRow(holder, share);

            StorageException failure = StorageFailures.within(QUERY_TIMEOUT.plusMillis(2_000),
                    () -> stores.shareStore().revoke(share.id(), T0));

            holder.rollback();
            assertThat(failure).hasCauseInstanceOf(SQLException.class);
        }
        assertThat(stores.shareStore().findById(share.id()).orElseThrow().isRevoked()).isFalse();
        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
        assertThat(stores.shareStore().revoke(share.id(), T0).orElseThrow().isRevoked()).isTrue();
    }

    @Test
    void aDatabaseThatHangsFailsTheCallWithinTheTimeoutAndTheStoreRecovers() {
        Share share = storedShare();
        assertThat(proxied.shareStore().findById(share.id())).contains(share);

        proxy.stall();
        StorageException failure = StorageFailures.within(Duration.ofMillis(4_500), () -> proxied.shareStore().findById(share.id()));

        assertThat(failure).hasCauseInstanceOf(SQLException.class);
        assertThat(proxiedPool.getHikariPoolMXBean().getActiveConnections()).isZero();
        proxy.pass();
        Eventually.within(Duration.ofSeconds(15), () -> assertThat(proxied.shareStore().findById(share.id())).contains(share));
    }

    private static void lockRow(Connection holder, Share share) throws SQLException {
        try (Statement s = holder.createStatement()) {
            s.executeQuery("SELECT id FROM clipshare_shares WHERE id = '" + share.id().value() + "' FOR UPDATE").close();
        }
    }
}
