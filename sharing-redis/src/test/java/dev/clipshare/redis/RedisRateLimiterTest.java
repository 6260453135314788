package dev.clipshare.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.RateLimit;
import dev.clipshare.testkit.MutableClock;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What is particular to the Redis limiter, on the shared Redis: where buckets live and that they expire. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisRateLimiterTest {
    @RegisterExtension
    static final TestRedis redis = new TestRedis();

    private static final RateLimit TEN_PER_MINUTE = RateLimit.perMinute(10);

    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private RedisRateLimiter limiter;

    @BeforeAll
    void createLimiter() {
        limiter = RedisRateLimiter.builder(TestRedis.uri())
                .keyPrefix(redis.keyPrefix())
                .keepFullFor(Duration.ofSeconds(5))
                .clock(clock)
                .build();
    }

    @AfterAll
    void closeLimiter() {
        if (limiter != null) {
            limiter.close();
        }
    }

    private static String key() {
        return "token:" + UUID.randomUUID();
    }

    @Test
    void aBucketIsOneRedisKeyUnderThePrefix() {
        String key = key();

        limiter.tryAcquire(key, TEN_PER_MINUTE);

        assertThat(redis.connection().sync().exists(redis.keyPrefix() + key))
                .as("the bucket is stored under the configured prefix plus the caller's key").isEqualTo(1L);
        assertThat(redis.connection().sync().exists(key)).as("nothing is written without the prefix").isZero();
    }

    @Test
    void aBucketExpiresOnceItWouldBeFullAgainPlusKeepFullFor() {
        String oneTaken = key();
        String allTaken = key();

        limiter.tryAcquire(oneTaken, TEN_PER_MINUTE);
        for (int i = 0; i < 11; i++) {
            limiter.tryAcquire(allTaken, TEN_PER_MINUTE);
        }
        long oneTakenTtl = redis.connection().sync().pttl(redis.keyPrefix() + oneTaken);
        long allTakenTtl = redis.connection().sync().pttl(redis.keyPrefix() + allTaken);

        assertThat(oneTakenTtl).as("one token out of 10/min is back in 6 s; kept 5 s more: expires within 11 s")
                .isPositive().isLessThanOrEqualTo(11_000L);
        assertThat(allTakenTtl).as("an empty 10/min bucket is full in 60 s; kept 5 s more: expires within 65 s")
                .isGreaterThan(55_000L).isLessThanOrEqualTo(65_000L);
    }

    @Test
    void aLimiterOnTheHostsClientSharesBucketsWithOneOnItsOwnClient() {
        RedisClient hostClient = RedisClient.create();
        try (RedisRateLimiter onHostClient = RedisRateLimiter.builder(hostClient, TestRedis.uri())
                .keyPrefix(redis.keyPrefix()).clock(clock).build()) {
            String key = key();
            for (int i = 0; i < 5; i++) {
                limiter.tryAcquire(key, TEN_PER_MINUTE);
                onHostClient.tryAcquire(key, TEN_PER_MINUTE);
            }

            assertThat(onHostClient.tryAcquire(key, TEN_PER_MINUTE).allowed())
                    .as("the 11th request, on the host-client limiter, is refused").isFalse();
        } finally {
            hostClient.shutdown();
        }
    }
}
