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
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Redis crashes and comes back while the limiters keep serving: on a redis-server of the test's
 * own (the shared one is never touched). Fail-open lets requests through, fail-closed refuses
 * them with a clear exception, both promptly; once Redis is back the same limiter instances
 * count again, exactly.
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
        return RedisRateLimiter.builder(RedisURI.create("redis://127.0.0.1:" + port))
                .failureMode(mode)
                .commandTimeout(Duration.ofSeconds(2)) // a first connection on a loaded 2-core CI machine may take a while
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
}
