package dev.clipshare.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.RateLimit;
import dev.clipshare.core.spi.RateLimitDecision;
import dev.clipshare.testkit.Concurrently;
import dev.clipshare.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the distributed rate limiter promises, run on each database by a one-line subclass: two
 * limiters over two pools (two nodes) draw from one bucket per key, concurrent callers never
 * overdraw it, a refusal says when to retry, and time is the injected clock's.
 */
@ExtendWith(SkipWithoutDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RateLimiterTests {
    private static final RateLimit TEN_PER_MINUTE = RateLimit.perMinute(10);

    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private TestDatabase db;
    private JdbcRateLimiter node1;
    private JdbcRateLimiter node2;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void createSchema() {
        db = TestDatabase.create(kind());
        node1 = db.stores(db.pool("node-1"), b -> b.createSchemaIfMissing(true).clock(clock)).rateLimiter();
        node2 = db.stores(db.pool("node-2"), b -> b.clock(clock)).rateLimiter();
    }

    @AfterAll
    void dropSchema() {
        if (db != null) {
            db.close();
        }
    }

    private static String key() {
        return "token:" + UUID.randomUUID();
    }

    @Test
    void theCapacityIsAllowedThenRefusedUntilTheNextTokenRefills() {
        String key = key();
        for (int i = 0; i < 10; i++) {
            assertThat(node1.tryAcquire(key, TEN_PER_MINUTE).allowed()).as("request %d", i + 1).isTrue();
        }

        RateLimitDecision eleventh = node1.tryAcquire(key, TEN_PER_MINUTE);
        clock.advance(Duration.ofSeconds(6));
        RateLimitDecision afterRefill = node1.tryAcquire(key, TEN_PER_MINUTE);
        RateLimitDecision rightAfter = node1.tryAcquire(key, TEN_PER_MINUTE);

        assertThat(eleventh.allowed()).isFalse();
        assertThat(eleventh.retryAfter()).isEqualTo(Duration.ofSeconds(6)); // 10 per minute: one every 6 s
        assertThat(afterRefill.allowed()).isTrue();
        assertThat(rightAfter.allowed()).isFalse();
    }

    @Test
    void twoNodesDrawFromOneBucket() {
        String key = key();
        for (int i = 0; i < 5; i++) {
            assertThat(node1.tryAcquire(key, TEN_PER_MINUTE).allowed()).isTrue();
            assertThat(node2.tryAcquire(key, TEN_PER_MINUTE).allowed()).isTrue();
        }

        assertThat(node1.tryAcquire(key, TEN_PER_MINUTE).allowed()).isFalse();
        assertThat(node2.tryAcquire(key, TEN_PER_MINUTE).allowed()).isFalse();
        assertThat(node2.tryAcquire(key(), TEN_PER_MINUTE).allowed()).as("another key has its own bucket").isTrue();
    }

    @Test
    void aReleasedTokenCanBeTakenAgainOnAnyNodeButNeverPastTheCapacity() {
        String key = key();
        for (int i = 0; i < 10; i++) {
            assertThat(node1.tryAcquire(key, TEN_PER_MINUTE).allowed()).isTrue();
        }
        node1.release(key, TEN_PER_MINUTE);

        assertThat(node2.tryAcquire(key, TEN_PER_MINUTE).allowed()).as("the token given back").isTrue();
        assertThat(node2.tryAcquire(key, TEN_PER_MINUTE).allowed()).isFalse();

        String full = key();
        for (int i = 0; i < 5; i++) {
            node2.release(full, TEN_PER_MINUTE);
        }
        int taken = 0;
        while (node1.tryAcquire(full, TEN_PER_MINUTE).allowed()) {
            taken++;
        }
        assertThat(taken).as("releases into a full bucket add nothing").isEqualTo(10);
    }

    @Test
    void concurrentCallersOnBothNodesNeverOverdrawABucket() throws Exception {
        String key = key();
        RateLimit thirty = RateLimit.perMinute(30);

        List<Integer> allowed = Concurrently.run(12, i -> {
            JdbcRateLimiter node = i % 2 == 0 ? node1 : node2;
            int n = 0;
            for (int attempt = 0; attempt < 5; attempt++) {
                n += node.tryAcquire(key, thirty).allowed() ? 1 : 0;
            }
            return n;
        });

        assertThat(allowed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(30);
    }

    @Test
    void bucketsThatWouldBeFullAgainAreDeletedAndComeBackFull() {
        String key = key();
        for (int i = 0; i < 11; i++) {
            node1.tryAcquire(key, TEN_PER_MINUTE);
        }
        String rows = "SELECT COUNT(*) FROM " + TestDatabase.PREFIX + "rate_limit_buckets WHERE id = '" + key + "'";

        clock.advance(Duration.ofSeconds(90)); // refilled after 60 s, kept for another minute
        node1.removeExpired(1000);
        long keptWhileRecent = db.queryLong(rows);
        clock.advance(Duration.ofSeconds(31));
        node1.removeExpired(1000);
        long afterExpiry = db.queryLong(rows);

        assertThat(keptWhileRecent).isEqualTo(1);
        assertThat(afterExpiry).isZero();
        for (int i = 0; i < 10; i++) {
            assertThat(node2.tryAcquire(key, TEN_PER_MINUTE).allowed()).isTrue();
        }
        assertThat(node2.tryAcquire(key, TEN_PER_MINUTE).allowed()).isFalse();
    }
}
