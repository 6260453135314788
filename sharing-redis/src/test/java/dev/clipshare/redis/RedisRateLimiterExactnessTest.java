package dev.clipshare.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.RateLimit;
import dev.clipshare.core.spi.RateLimitDecision;
import dev.clipshare.testkit.Concurrently;
import dev.clipshare.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The script's arithmetic, on the shared Redis: Lua computes with doubles, so large limits,
 * periods that are no whole number of milliseconds and limits near the 2^53 bound must still count
 * to the token and the millisecond; and a node whose clock is behind must neither add nor remove
 * tokens.
 */
class RedisRateLimiterExactnessTest {
    @RegisterExtension
    static final TestRedis redis = new TestRedis();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final RateLimit TEN_PER_MINUTE = RateLimit.perMinute(10);

    private final List<RedisRateLimiter> limiters = new ArrayList<>();

    private RedisRateLimiter limiter(MutableClock clock) {
        RedisRateLimiter limiter = RedisRateLimiter.builder(TestRedis.uri()).keyPrefix(redis.keyPrefix())
                .keepFullFor(Duration.ofSeconds(5)).clock(clock).build();
        limiters.add(limiter);
        return limiter;
    }

    @AfterEach
    void closeLimiters() {
        limiters.forEach(RedisRateLimiter::close);
    }

    private static String key() {
        return "token:" + UUID.randomUUID();
    }

    private static int drain(RedisRateLimiter limiter, String key, RateLimit limit, int max) {
        int taken = 0;
        while (taken <= max && limiter.tryAcquire(key, limit).allowed()) {
            taken++;
        }
        return taken;
    }

    /** The stored bucket, as the class comment of RedisRateLimiter documents it: units stamp. */
    private long[] storedBucket(String key) {
        String value = redis.connection().sync().get(redis.keyPrefix() + key);
        assertThat(value).as("the bucket of %s is in Redis", key).isNotNull().matches("\\d+ \\d+");
        String[] fields = value.split(" ");
        return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])};
    }

    @Test
    void aNodeWhoseClockIsBehindNeitherAddsNorRemovesTokens() {
        MutableClock ahead = MutableClock.at(T0);
        MutableClock behind = MutableClock.at(T0.minus(Duration.ofSeconds(30)));
        RedisRateLimiter onTime = limiter(ahead);
        RedisRateLimiter late = limiter(behind);
        String key = key();
        for (int i = 0; i < 5; i++) {
            onTime.tryAcquire(key, TEN_PER_MINUTE);
        }

        boolean lateTook = late.tryAcquire(key, TEN_PER_MINUTE).allowed();
        int leftAtT0 = drain(onTime, key, TEN_PER_MINUTE, 10);
        RateLimitDecision lateRefused = late.tryAcquire(key, TEN_PER_MINUTE);
        late.release(key, TEN_PER_MINUTE);
        ahead.advance(Duration.ofSeconds(6));
        int sixSecondsLater = drain(onTime, key, TEN_PER_MINUTE, 10);

        assertThat(lateTook).as("the node 30 s behind takes one of the 5 tokens left").isTrue();
        assertThat(leftAtT0).as("it took exactly one: its clock neither refilled nor drained the bucket").isEqualTo(4);
        assertThat(lateRefused.allowed()).as("an empty bucket stays empty for the node behind").isFalse();
        assertThat(lateRefused.retryAfter()).as("the wait is counted from the bucket's last write, not the late clock")
                .isEqualTo(Duration.ofSeconds(6));
        assertThat(sixSecondsLater)
                .as("6 s after the bucket ran dry: the token given back by the node behind plus one refilled; "
                        + "had its release moved the bucket's time back 30 s, five more would be here")
                .isEqualTo(2);
    }

    @Test
    void aClockSteppingBackOnOneNodeAndForwardAgainCountsEachMillisecondOnce() {
        MutableClock clock = MutableClock.at(T0);
        RedisRateLimiter limiter = limiter(clock);
        String key = key();
        drain(limiter, key, TEN_PER_MINUTE, 10);

        clock.advance(Duration.ofSeconds(-20));
        boolean whileBack = limiter.tryAcquire(key, TEN_PER_MINUTE).allowed();
        clock.advance(Duration.ofSeconds(26));
        int sixSecondsPastT0 = drain(limiter, key, TEN_PER_MINUTE, 10);

        assertThat(whileBack).as("stepping the clock back 20 s gives no token").isFalse();
        assertThat(sixSecondsPastT0).as("6 s past the instant the bucket ran dry exactly one token is back").isEqualTo(1);
    }

    @Test
    void aLimitOfOneBillionPerMinuteCountsEveryTokenExactly() throws Exception {
        RateLimit billionPerMinute = RateLimit.perMinute(1_000_000_000L);
        MutableClock clock = MutableClock.at(T0);
        RedisRateLimiter limiter = limiter(clock);
        String key = key();

        int allowed = Concurrently.run(8, i -> {
            int n = 0;
            for (int k = 0; k < 250; k++) {
                n += limiter.tryAcquire(key, billionPerMinute).allowed() ? 1 : 0;
            }
            return n;
        }).stream().mapToInt(Integer::intValue).sum();
        long[] afterTaking = storedBucket(key);
        for (int i = 0; i < 3; i++) {
            limiter.release(key, billionPerMinute);
        }
        long[] afterReleasing = storedBucket(key);
        clock.advance(Duration.ofMillis(1));
        limiter.tryAcquire(key, billionPerMinute);
        long[] aMillisecondLater = storedBucket(key);

        // a token is 60,000 units (the period in ms), a millisecond refills 10^9, a full bucket holds 6·10^13
        assertThat(allowed).as("8 threads × 250 requests are all allowed").isEqualTo(2000);
        assertThat(afterTaking[0]).as("exactly 2,000 tokens taken").isEqualTo(60_000_000_000_000L - 2000 * 60_000L);
        assertThat(afterReleasing[0]).as("exactly 3 tokens given back").isEqualTo(60_000_000_000_000L - 1997 * 60_000L);
        assertThat(aMillisecondLater[0]).as("a millisecond refills 16,666⅔ tokens, more than were missing: full, less the one just taken")
                .isEqualTo(60_000_000_000_000L - 60_000L);
        assertThat(aMillisecondLater[1]).as("stamped with the node's clock").isEqualTo(T0.toEpochMilli() + 1);
    }

    @Test
    void aLimitTooLargeForUnitsOfItsPeriodCountsInLowestTermsExactly() {
        // 10^12 per minute would need 6·10^16 units of its period, past 2^53: 10^12/60,000 per ms is
        // 50,000,000/3, so a token is 3 units, a millisecond refills 50,000,000, a full bucket 3·10^12
        RateLimit trillionPerMinute = RateLimit.perMinute(1_000_000_000_000L);
        MutableClock clock = MutableClock.at(T0);
        RedisRateLimiter limiter = limiter(clock);
        String key = key();

        for (int i = 0; i < 5; i++) {
            limiter.tryAcquire(key, trillionPerMinute);
        }
        long[] afterTaking = storedBucket(key);
        limiter.release(key, trillionPerMinute);
        long[] afterReleasing = storedBucket(key);
        clock.advance(Duration.ofMillis(1));
        limiter.tryAcquire(key, trillionPerMinute);
        long[] aMillisecondLater = storedBucket(key);

        assertThat(afterTaking[0]).as("exactly 5 tokens taken").isEqualTo(3_000_000_000_000L - 5 * 3);
        assertThat(afterReleasing[0]).as("exactly one given back").isEqualTo(3_000_000_000_000L - 4 * 3);
        assertThat(aMillisecondLater[0]).as("a millisecond refills far more than was missing: full, less the one just taken")
                .isEqualTo(3_000_000_000_000L - 3);
    }

    @Test
    void aLimitNearTheExactBoundCountsToTheMillisecond() {
        // 7 tokens per (2^49 + 1) ms: the bucket holds 7·(2^49 + 1) units, and refilling it from empty
        // reaches twice that, just under 2^53; a token comes back every 80,421,421,917,330.43 ms
        long periodMs = (1L << 49) + 1;
        RateLimit limit = new RateLimit(7, Duration.ofMillis(periodMs));
        MutableClock clock = MutableClock.at(T0);
        RedisRateLimiter limiter = limiter(clock);
        String key = key();

        int taken = drain(limiter, key, limit, 7);
        RateLimitDecision refused = limiter.tryAcquire(key, limit);
        clock.advance(refused.retryAfter().minusMillis(1));
        RateLimitDecision aMillisecondEarly = limiter.tryAcquire(key, limit);
        clock.advance(Duration.ofMillis(1));
        boolean onTime = limiter.tryAcquire(key, limit).allowed();
        boolean thenNoMore = limiter.tryAcquire(key, limit).allowed();

        assertThat(taken).as("the capacity of 7").isEqualTo(7);
        assertThat(refused.retryAfter()).as("one seventh of the period, rounded up to the millisecond")
                .isEqualTo(Duration.ofMillis(80_421_421_917_331L));
        assertThat(aMillisecondEarly.allowed()).as("a millisecond early is too early").isFalse();
        assertThat(aMillisecondEarly.retryAfter()).as("and says so: one more millisecond").isEqualTo(Duration.ofMillis(1));
        assertThat(onTime).as("on the announced millisecond the token is back").isTrue();
        assertThat(thenNoMore).as("exactly one").isFalse();
    }

    @Test
    void aPeriodThatIsNoWholeNumberOfMillisecondsRefillsExactly() {
        // 2 per 1,000.5 ms: a token every 500.25 ms
        RateLimit limit = new RateLimit(2, Duration.ofNanos(1_000_500_000L));
        MutableClock clock = MutableClock.at(T0);
        RedisRateLimiter limiter = limiter(clock);
        String key = key();
        drain(limiter, key, limit, 2);

        clock.advance(Duration.ofMillis(500));
        RateLimitDecision at500 = limiter.tryAcquire(key, limit);
        clock.advance(Duration.ofMillis(1));
        boolean at501 = limiter.tryAcquire(key, limit).allowed();
        clock.advance(Duration.ofMillis(500));
        boolean at1001 = limiter.tryAcquire(key, limit).allowed();
        RateLimitDecision third = limiter.tryAcquire(key, limit);

        assertThat(at500.allowed()).as("500 ms in, a quarter of a millisecond of refill is missing").isFalse();
        assertThat(at500.retryAfter()).as("which rounds up to one millisecond").isEqualTo(Duration.ofMillis(1));
        assertThat(at501).as("501 ms in, the first token is back").isTrue();
        assertThat(at1001).as("1,001 ms in, the second (due at 1,000.5 ms) is back too").isTrue();
        assertThat(third.allowed()).as("the third is due at 1,500.75 ms").isFalse();
        assertThat(third.retryAfter()).as("499.75 ms from 1,001 ms, rounded up").isEqualTo(Duration.ofMillis(500));
    }
}
