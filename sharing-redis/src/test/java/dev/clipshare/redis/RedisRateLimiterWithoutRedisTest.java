package dev.clipshare.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.clipshare.core.RateLimit;
import dev.clipshare.core.StorageException;
import dev.clipshare.core.spi.RateLimiter;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The limiter's builder, and a node that starts while Redis is not there at all (a loopback port
 * nobody listens on): building succeeds, calls return promptly and follow the failure mode.
 */
class RedisRateLimiterWithoutRedisTest {
    private static final RateLimit TEN_PER_MINUTE = RateLimit.perMinute(10);
    private static final Duration HANG_GUARD = Duration.ofSeconds(5);

    private static RedisURI nobodyListening() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return RedisURI.create("redis://127.0.0.1:" + probe.getLocalPort());
        }
    }

    @Test
    void aNodeStartsWhileRedisIsDownAndFailOpenLetsRequestsThrough() throws IOException {
        try (RedisRateLimiter limiter = RedisRateLimiter.builder(nobodyListening())
                .failureMode(RedisRateLimiter.FailureMode.FAIL_OPEN).build()) {
            for (int i = 1; i <= 12; i++) {
                assertThat(assertTimeoutPreemptively(HANG_GUARD, () -> limiter.tryAcquire("k", TEN_PER_MINUTE).allowed()))
                        .as("request %d is let through: Redis is unreachable and the limiter fails open", i).isTrue();
            }
        }
    }

    @Test
    void aNodeStartsWhileRedisIsDownAndFailClosedRefusesWithAStorageFailure() throws IOException {
        try (RedisRateLimiter limiter = RedisRateLimiter.builder(nobodyListening()).build()) {
            assertThat(limiter.failureMode()).as("fail-closed is the default").isEqualTo(RedisRateLimiter.FailureMode.FAIL_CLOSED);
            for (int i = 0; i < 3; i++) {
                assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(() -> limiter.tryAcquire("k", TEN_PER_MINUTE))
                        .as("no request passes uncounted").isInstanceOf(StorageException.class)
                        .hasMessageContaining("Redis"));
            }
        }
    }

    @Test
    void aDecisionBegunWhileRedisIsDownFailsAsTheFailureModeSaysWhenAwaitedNotWhenBegun() throws IOException {
        try (RedisRateLimiter closed = RedisRateLimiter.builder(nobodyListening()).build();
             RedisRateLimiter open = RedisRateLimiter.builder(nobodyListening()).failureMode(RedisRateLimiter.FailureMode.FAIL_OPEN).build()) {
            RateLimiter.Pending refused = assertTimeoutPreemptively(HANG_GUARD, () -> closed.begin("k", TEN_PER_MINUTE));
            RateLimiter.Pending letThrough = assertTimeoutPreemptively(HANG_GUARD, () -> open.begin("k", TEN_PER_MINUTE));

            assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(refused::await)
                    .as("fail-closed: awaiting is where the caller learns it").isInstanceOf(StorageException.class).hasMessageContaining("Redis"));
            assertThat(assertTimeoutPreemptively(HANG_GUARD, () -> letThrough.await().allowed())).as("fail-open").isTrue();
            assertThatThrownBy(() -> closed.begin("", TEN_PER_MINUTE)).as("a bad key is refused at once")
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theBuilderRefusesBadSettingsSayingTheValue() {
        RedisRateLimiter.Builder builder = RedisRateLimiter.builder(RedisURI.create("redis://127.0.0.1:6379"));

        assertThatThrownBy(() -> builder.commandTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> builder.commandTimeout(Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT1M");
        assertThatThrownBy(() -> builder.keepFullFor(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> builder.keyPrefix("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.keyPrefix(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("keyPrefix");
        assertThatThrownBy(() -> builder.failureMode(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("failureMode");
        assertThatThrownBy(() -> builder.clock(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("clock");
        assertThatThrownBy(() -> RedisRateLimiter.builder((RedisURI) null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        try (RedisRateLimiter limiter = RedisRateLimiter.builder(RedisURI.create("redis://127.0.0.1:6379")).build()) {
            assertThat(limiter.keyPrefix()).isEqualTo("clipshare:rl:");
            assertThat(limiter.failureMode()).isEqualTo(RedisRateLimiter.FailureMode.FAIL_CLOSED);
        }
    }

    @Test
    void limitsThatCannotBeCountedExactlyAreRefusedNamingTheLimitEvenWhenFailingOpen() throws IOException {
        // 10^12 + 1 shares no factor with 60,000: its bucket needs (10^12 + 1) · 60,000 units, past 2^53
        RateLimit tooLarge = RateLimit.perMinute(1_000_000_000_001L);
        try (RedisRateLimiter limiter = RedisRateLimiter.builder(nobodyListening())
                .failureMode(RedisRateLimiter.FailureMode.FAIL_OPEN).build()) {
            assertThatThrownBy(() -> limiter.tryAcquire("k", tooLarge)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("capacity=1000000000001").hasMessageContaining("PT1M").hasMessageContaining("2^53");
            assertThatThrownBy(() -> limiter.release("k", tooLarge)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("capacity=1000000000001");
            assertThatThrownBy(() -> limiter.tryAcquire("k", RateLimit.perMinute(Long.MAX_VALUE)))
                    .as("a capacity whose units overflow a long").isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("capacity=" + Long.MAX_VALUE);
            assertThatThrownBy(() -> limiter.tryAcquire("k", new RateLimit(3, Duration.ofDays(365L * 300).plusNanos(1))))
                    .as("a period too long to count in nanoseconds").isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void largeLimitsThatCountExactlyAreAccepted() throws IOException {
        try (RedisRateLimiter limiter = RedisRateLimiter.builder(nobodyListening())
                .failureMode(RedisRateLimiter.FailureMode.FAIL_OPEN).build()) {
            for (RateLimit limit : new RateLimit[] {RateLimit.perMinute(1_000_000_000L), RateLimit.perMinute(75_000_000_000L),
                    new RateLimit(1_000_000_000L, Duration.ofDays(1)), new RateLimit(52_000_000L, Duration.ofDays(1)),
                    RateLimit.perMinute(1_000_000_000_000L), new RateLimit(7, Duration.ofMillis((1L << 49) + 1))}) {
                assertThat(assertTimeoutPreemptively(HANG_GUARD, () -> limiter.tryAcquire("k", limit).allowed()))
                        .as("%s is accepted (and let through: Redis is down, the limiter fails open)", limit).isTrue();
            }
        }
    }

    @Test
    void badKeysAreRefusedBeforeRedisIsAsked() throws IOException {
        try (RedisRateLimiter limiter = RedisRateLimiter.builder(nobodyListening())
                .failureMode(RedisRateLimiter.FailureMode.FAIL_OPEN).build()) {
            assertThatThrownBy(() -> limiter.tryAcquire("", TEN_PER_MINUTE)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("was 0");
            assertThatThrownBy(() -> limiter.tryAcquire("x".repeat(RedisRateLimiter.MAX_KEY + 1), TEN_PER_MINUTE))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 1025");
            assertThatThrownBy(() -> limiter.tryAcquire("k", null)).isInstanceOf(NullPointerException.class);
        }
    }
}
