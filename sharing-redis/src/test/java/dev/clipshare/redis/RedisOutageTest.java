package dev.clipshare.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.clipshare.core.RateLimit;
import dev.clipshare.core.StorageException;
import dev.clipshare.core.spi.RateLimitDecision;
import dev.clipshare.testkit.Eventually;
import dev.clipshare.testkit.MutableClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Redis crashes and comes back, or stalls, while the limiters keep serving: on a redis-server of
 * the test's own (the shared one is never touched). Fail-open lets requests through, fail-closed
 * refuses them with a clear exception, both promptly; once Redis is back the same limiter
 * instances count again, exactly.
 *
 * <p>The {@code assertTimeoutPreemptively} bounds are hang guards (a call must return, never
 * block a request thread), not timing measurements.
 */
class RedisOutageTest {
    private static final RateLimit FIVE_PER_MINUTE = RateLimit.perMinute(5);
    private static final Duration HANG_GUARD = Duration.ofSeconds(5);

    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");

    private static String key() {
        return "token:" + UUID.randomUUID();
    }

    private RedisRateLimiter limiter(int port, RedisRateLimiter.FailureMode mode) {
        // a first connection on a loaded 2-core CI machine may take a while
        return limiter(port, mode, Duration.ofSeconds(2));
    }

    private RedisRateLimiter limiter(int port, RedisRateLimiter.FailureMode mode, Duration commandTimeout) {
        return RedisRateLimiter.builder(RedisURI.create("redis://127.0.0.1:" + port))
                .failureMode(mode)
                .commandTimeout(commandTimeout)
                .clock(clock)
                .build();
    }

    private static int allowedOutOf(RedisRateLimiter limiter, String key, int attempts) {
        int n = 0;
        for (int i = 0; i < attempts; i++) {
            n += limiter.tryAcquire(key, FIVE_PER_MINUTE).allowed() ? 1 : 0;
        }
        return n;
    }

    @Test
    void whenRedisDiesFailOpenAllowsAndFailClosedRefusesThenBothCountAgainOnceItIsBack() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start();
             RedisRateLimiter open = limiter(server.port(), RedisRateLimiter.FailureMode.FAIL_OPEN);
             RedisRateLimiter closed = limiter(server.port(), RedisRateLimiter.FailureMode.FAIL_CLOSED)) {
            // the fail-closed limiter tells when the new server answers; only then may the fail-open one
            // connect (a refused first attempt would let its calls through for a second: that is fail-open)
            Eventually.within(Duration.ofSeconds(15), () -> closed.tryAcquire(key(), FIVE_PER_MINUTE));
            assertThat(allowedOutOf(open, key(), 7)).as("fail-open limiter, Redis up: exactly 5 of 7").isEqualTo(5);
            assertThat(allowedOutOf(closed, key(), 7)).as("fail-closed limiter, Redis up: exactly 5 of 7").isEqualTo(5);

            server.kill();

            String key = key();
            for (int i = 1; i <= 7; i++) {
                RateLimitDecision decision = assertTimeoutPreemptively(HANG_GUARD, () -> open.tryAcquire(key, FIVE_PER_MINUTE),
                        "a fail-open call returns promptly while Redis is down");
                assertThat(decision.allowed()).as("fail-open, Redis down: request %d is let through", i).isTrue();
            }
            for (int i = 1; i <= 3; i++) {
                assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(() -> closed.tryAcquire(key, FIVE_PER_MINUTE))
                        .as("fail-closed, Redis down: the request is refused with a storage failure that names Redis")
                        .isInstanceOf(StorageException.class)
                        .hasMessageContaining("Redis"), "a fail-closed call returns promptly while Redis is down");
            }
            assertTimeoutPreemptively(HANG_GUARD, () -> {
                assertThatCode(() -> open.release(key, FIVE_PER_MINUTE)).as("release never throws, fail-open").doesNotThrowAnyException();
                assertThatCode(() -> closed.release(key, FIVE_PER_MINUTE)).as("release never throws, fail-closed").doesNotThrowAnyException();
            }, "a release returns promptly while Redis is down");

            server.startAgain();

            Eventually.within(Duration.ofSeconds(15), () -> closed.tryAcquire(key(), FIVE_PER_MINUTE));
            Eventually.within(Duration.ofSeconds(15), () -> assertThat(allowedOutOf(open, key(), 7)).isEqualTo(5));
            assertThat(allowedOutOf(closed, key(), 7)).as("fail-closed limiter, Redis back: exactly 5 of 7 again").isEqualTo(5);
            assertThat(allowedOutOf(open, key(), 7)).as("fail-open limiter, Redis back: exactly 5 of 7 again").isEqualTo(5);
        }
    }

    @Test
    void whenRedisStallsCallsGiveUpAtTheCommandTimeoutAndTheConnectionCountsExactlyAfterwards() throws Exception {
        Duration commandTimeout = Duration.ofMillis(300);
        try (RedisServerProcess server = RedisServerProcess.start();
             RedisRateLimiter open = limiter(server.port(), RedisRateLimiter.FailureMode.FAIL_OPEN, commandTimeout);
             RedisRateLimiter closed = limiter(server.port(), RedisRateLimiter.FailureMode.FAIL_CLOSED, commandTimeout)) {
            RedisClient admin = RedisClient.create(RedisURI.create("redis://127.0.0.1:" + server.port()));
            try (StatefulRedisConnection<String, String> adminConnection = admin.connect()) {
                Eventually.within(Duration.ofSeconds(15), () -> closed.tryAcquire(key(), FIVE_PER_MINUTE));
                Eventually.within(Duration.ofSeconds(15), () -> assertThat(allowedOutOf(open, key(), 7)).isEqualTo(5));

                // Redis stays up and connected but answers no client for 5 s: every command waits
                adminConnection.sync().clientPause(5_000);

                String key = key();
                // 2.5 s is half the pause: a call that returns within it was ended by the command timeout, not by Redis
                Duration wellBeforeRedisAnswers = Duration.ofMillis(2_500);
                assertTimeoutPreemptively(wellBeforeRedisAnswers, () -> assertThatThrownBy(() -> closed.tryAcquire(key, FIVE_PER_MINUTE))
                        .as("fail-closed, Redis stalled: refused with a storage failure, caused by the command's timeout")
                        .isInstanceOf(StorageException.class)
                        .hasMessageContaining("Redis")
                        .hasRootCauseInstanceOf(RedisCommandTimeoutException.class));
                assertThat(assertTimeoutPreemptively(wellBeforeRedisAnswers, () -> open.tryAcquire(key, FIVE_PER_MINUTE).allowed()))
                        .as("fail-open, Redis stalled: let through at the timeout").isTrue();
                assertTimeoutPreemptively(wellBeforeRedisAnswers,
                        () -> assertThatCode(() -> closed.release(key, FIVE_PER_MINUTE)).doesNotThrowAnyException(),
                        "a release gives up at the timeout too, without throwing");

                // the commands given up on are answered once the pause ends; their replies must not be
                // taken for the replies of later commands on the same connections
                Eventually.within(Duration.ofSeconds(15), () -> assertThat(allowedOutOf(closed, key(), 7)).isEqualTo(5));
                Eventually.within(Duration.ofSeconds(15), () -> assertThat(allowedOutOf(open, key(), 7)).isEqualTo(5));
                for (int round = 0; round < 3; round++) {
                    assertThat(allowedOutOf(closed, key(), 7)).as("fail-closed limiter after the stall: exactly 5 of 7").isEqualTo(5);
                    assertThat(allowedOutOf(open, key(), 7)).as("fail-open limiter after the stall: exactly 5 of 7").isEqualTo(5);
                }
            } finally {
                admin.shutdown();
            }
        }
    }
}
