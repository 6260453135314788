package dev.clipshare.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipshare.core.RateLimit;
import dev.clipshare.core.spi.RateLimiter;
import dev.clipshare.testkit.MutableClock;
import dev.clipshare.testkit.RateLimiterContract;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The distributed rate limiter on each database, run by a one-line subclass: the whole
 * {@link RateLimiterContract} with two limiters over two pools (two nodes) on one database, plus
 * what is particular to the JDBC limiter (expired bucket rows are deleted).
 */
@ExtendWith(SkipWithoutDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RateLimiterTests extends RateLimiterContract {
    private static final RateLimit TEN_PER_MINUTE = RateLimit.perMinute(10);

    private TestDatabase db;
    private JdbcRateLimiter node1;
    private JdbcRateLimiter node2;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void createSchema() {
        db = TestDatabase.create(kind());
        node1 = db.stores(db.pool("node-1"), b -> b.createSchemaIfMissing(true).clock(clock())).rateLimiter();
        node2 = db.stores(db.pool("node-2"), b -> b.clock(clock())).rateLimiter();
    }

    @AfterAll
    void dropSchema() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected RateLimiter createLimiter(Clock clock) {
        return node1;
    }

    @Override
    protected Optional<RateLimiter> createSecondInstance(RateLimiter first, Clock clock) {
        return Optional.of(node2);
    }

    @Test
    void bucketsThatWouldBeFullAgainAreDeletedAndComeBackFull() {
        String key = newKey();
        for (int i = 0; i < 11; i++) {
            node1.tryAcquire(key, TEN_PER_MINUTE);
        }
        String rows = "SELECT COUNT(*) FROM " + TestDatabase.PREFIX + "rate_limits WHERE id = '" + key + "'";

        clock().advance(Duration.ofSeconds(90)); // refilled after 60 s, kept for another minute
        node1.removeExpired(1000);
        long keptWhileRecent = db.queryLong(rows);
        clock().advance(Duration.ofSeconds(31));
        node1.removeExpired(1000);
        long afterExpiry = db.queryLong(rows);

        assertThat(keptWhileRecent).as("a bucket row is kept for a minute after it would be full again").isEqualTo(1);
        assertThat(afterExpiry).as("then it is deleted").isZero();
        for (int i = 0; i < 10; i++) {
            assertThat(node2.tryAcquire(key, TEN_PER_MINUTE).allowed()).as("request %d after the row was deleted", i + 1).isTrue();
        }
        assertThat(node2.tryAcquire(key, TEN_PER_MINUTE).allowed()).as("a deleted bucket comes back with its capacity, no more").isFalse();
    }

    @Test
    void aNodeWhoseClockIsBehindTheLastWriterNeitherRefillsNorRewindsABucket() {
        String key = newKey();
        for (int i = 0; i < 10; i++) {
            node1.tryAcquire(key, TEN_PER_MINUTE);
        }
        MutableClock behind = MutableClock.at(clock().instant().minus(Duration.ofSeconds(30)));
        JdbcRateLimiter lagging = db.stores(db.pool("lagging"), b -> b.clock(behind)).rateLimiter();

        assertThat(lagging.tryAcquire(key, TEN_PER_MINUTE).allowed()).as("an empty bucket, read 30 s in the past").isFalse();
        lagging.release(key, TEN_PER_MINUTE);
        assertThat(node1.tryAcquire(key, TEN_PER_MINUTE).allowed()).as("the token the lagging node gave back").isTrue();
        assertThat(node1.tryAcquire(key, TEN_PER_MINUTE).allowed()).as("and no more: its old clock refilled nothing").isFalse();
        clock().advance(Duration.ofSeconds(6));
        assertThat(node1.tryAcquire(key, TEN_PER_MINUTE).allowed()).as("6 s later by the writer's clock, one token is back").isTrue();
    }

    @Test
    void aLimitTooLargeToCountExactlyIsRefusedNamingIt() {
        RateLimit huge = new RateLimit(Long.MAX_VALUE / 1000, Duration.ofHours(1));
        assertThatThrownBy(() -> node1.tryAcquire(newKey(), huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(Long.MAX_VALUE / 1000)).hasMessageContaining("too large to count exactly");
        RateLimit billionAnHour = new RateLimit(1_000_000_000L, Duration.ofHours(1));
        String key = newKey();
        for (int i = 0; i < 3; i++) {
            assertThat(node2.tryAcquire(key, billionAnHour).allowed()).as("a billion an hour, call %d", i + 1).isTrue();
        }
        assertThat(db.queryLong("SELECT units FROM " + TestDatabase.PREFIX + "rate_limits WHERE id = '" + key + "'"))
                .as("exact units after 3 of a billion tokens").isEqualTo(3_600_000L * (1_000_000_000L - 3));
    }

    @Test
    void aHotKeyHammeredFromTwoNodesQueuesItsCallersAndCountsExactly() throws Exception {
        String key = newKey();
        RateLimit limit = RateLimit.perMinute(150);
        int threads = 24;
        int callsEach = 10;
        java.util.concurrent.atomic.AtomicInteger allowed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                JdbcRateLimiter node = t % 2 == 0 ? node1 : node2;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < callsEach; i++) {
                        if (node.tryAcquire(key, limit).allowed()) {
                            allowed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<?> f : done) {
                f.get(); // a call that failed (503 for a viewer) fails the test here
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(allowed.get()).as("%d calls on one key from two nodes, no call failing", threads * callsEach).isEqualTo(150);
    }
}
