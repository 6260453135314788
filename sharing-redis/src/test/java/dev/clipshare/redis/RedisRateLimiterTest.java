package dev.clipshare.redis;

import dev.clipshare.core.spi.RateLimiter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.RateLimit;
import dev.clipshare.testkit.MutableClock;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.List;
import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What is particular to the Redis limiter, on the shared Redis: where buckets live, what they hold,
 * that they expire, and that a changed limit applies at the next call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisRateLimiterTest {
    @RegisterExtension
    static final TestRedis redis = new TestRedis();

    private static final RateLimit TEN_PER_MINUTE = RateLimit.perMinute(10);
    private static final RateLimit SEVEN_PER_MINUTE = RateLimit.perMinute(7);
    private static final RateLimit TWENTY_PER_MINUTE = RateLimit.perMinute(20);

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
    void decisionsBegunTogetherAndAwaitedLaterCountAsTheSameCallsOneByOne() {
        String key = key();
        RateLimit three = RateLimit.perMinute(3);
        List<RateLimiter.Pending> begun = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            begun.add(limiter.begin(key, three));
        }

        List<Boolean> allowed = begun.stream().map(p -> p.await().allowed()).toList();

        assertThat(allowed).as("three tokens, whatever order the answers come in").containsExactly(true, true, true, false, false);
        assertThat(limiter.tryAcquire(key, three).allowed()).as("the same bucket").isFalse();
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
    void theTimeToLiveIsUntilTheBucketWouldBeFullPlusKeepFullForByTheNodesClock() {
        String key = key();
        String bucket = redis.keyPrefix() + key;

        limiter.tryAcquire(key, TEN_PER_MINUTE);
        long afterOne = redis.connection().sync().pttl(bucket);
        clock.advance(Duration.ofSeconds(3));
        limiter.tryAcquire(key, TEN_PER_MINUTE);
        long threeSecondsLater = redis.connection().sync().pttl(bucket);
        limiter.release(key, TEN_PER_MINUTE);
        long afterRelease = redis.connection().sync().pttl(bucket);

        // the bounds below leave a second for the real time between a write and the PTTL that reads it
        assertThat(afterOne).as("one token missing: full in 6 s, kept 5 s").isBetween(10_000L, 11_000L);
        assertThat(threeSecondsLater).as("3 s later half a token is back and another is taken: 1.5 tokens, 9 s, plus 5 s")
                .isBetween(13_000L, 14_000L);
        assertThat(afterRelease).as("one given back: half a token missing, 3 s, plus 5 s").isBetween(7_000L, 8_000L);
    }

    @Test
    void aBucketRedisHasForgottenCountsAsTheFullBucketItWouldHaveBeen() {
        String forgotten = key();
        String kept = key();
        for (int i = 0; i < 10; i++) {
            limiter.tryAcquire(forgotten, TEN_PER_MINUTE);
            limiter.tryAcquire(kept, TEN_PER_MINUTE);
        }

        clock.advance(Duration.ofSeconds(65));
        // what Redis does by itself 65 s after the write; an expiry time in the past removes the key at once
        redis.connection().sync().pexpireat(redis.keyPrefix() + forgotten, 1L);

        assertThat(redis.connection().sync().exists(redis.keyPrefix() + forgotten)).as("the key has expired").isZero();
        assertThat(drain(forgotten)).as("the expired bucket gives its full capacity").isEqualTo(10);
        assertThat(drain(kept)).as("exactly what the bucket kept in Redis gives").isEqualTo(10);
    }

    @Test
    void aBucketIsStoredAsItsUnitsAndTheInstantOfTheirCount() {
        String key = key();

        limiter.tryAcquire(key, TEN_PER_MINUTE);

        assertThat(redis.connection().sync().get(redis.keyPrefix() + key))
                .as("\"units stamp\": 10/min counts a token as 60,000 units (the period in ms); one taken of 10")
                .isEqualTo((9 * 60_000) + " " + clock.millis());
    }

    @Test
    void aLoweredLimitCapsWhatIsLeftAtTheNextCall() {
        String eightLeft = key();
        String fiveLeft = key();
        for (int i = 0; i < 2; i++) {
            limiter.tryAcquire(eightLeft, TEN_PER_MINUTE);
        }
        for (int i = 0; i < 5; i++) {
            limiter.tryAcquire(fiveLeft, TEN_PER_MINUTE);
        }

        assertThat(drain(eightLeft, SEVEN_PER_MINUTE)).as("8 tokens left under 10/min, lowered to 7/min: 7 at once").isEqualTo(7);
        assertThat(drain(fiveLeft, SEVEN_PER_MINUTE)).as("5 left, lowered to 7/min: the 5 left, no more").isEqualTo(5);
        assertThat(limiter.tryAcquire(eightLeft, SEVEN_PER_MINUTE).retryAfter())
                .as("and it refills at the new rate: a token every 60/7 s").isEqualTo(Duration.ofMillis(8572));
    }

    @Test
    void aRaisedLimitKeepsWhatIsLeftAndRefillsToTheNewCapacity() {
        String sevenLeft = key();
        String drained = key();
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire(sevenLeft, TEN_PER_MINUTE);
        }
        drain(drained, TEN_PER_MINUTE);

        int atOnce = drain(sevenLeft, TWENTY_PER_MINUTE);
        clock.advance(Duration.ofMinutes(1));
        int aMinuteLater = drain(drained, TWENTY_PER_MINUTE);

        assertThat(atOnce).as("7 left under 10/min, raised to 20/min: the 7 left").isEqualTo(7);
        assertThat(aMinuteLater).as("a bucket drained under 10/min holds the new capacity of 20 a minute later").isEqualTo(20);
    }

    @Test
    void aBucketOfTheFormerFiveFieldFormatCountsAsFullAndIsRewritten() {
        String key = key();
        // an empty 10/min bucket as the previous version of the script wrote it: units stamp capacity perToken perMs
        redis.connection().sync().set(redis.keyPrefix() + key, "0 " + clock.millis() + " 60000 6000 1");

        assertThat(drain(key)).as("a bucket the script cannot read is a full bucket").isEqualTo(10);
        assertThat(redis.connection().sync().get(redis.keyPrefix() + key)).as("and is rewritten in the new format")
                .isEqualTo("0 " + clock.millis());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0001\u0002 state of an older limiter", "", "0", "0 ", " 0", "0 NOW 1", "-60000 NOW", "0.5 NOW",
            "0 1.5", "nan NOW", "0 nan", "0 inf", "inf NOW", "0 -inf", "9007199254740993 NOW", "0 NOW0000000000"})
    void aValueInAnotherFormatCountsAsAFullBucketAndIsReplaced(String stored) {
        String key = key();
        redis.connection().sync().set(redis.keyPrefix() + key, stored.replace("NOW", Long.toString(clock.millis())));

        assertThat(drain(key)).as("a value the script cannot read is a full bucket").isEqualTo(10);
        assertThat(redis.connection().sync().get(redis.keyPrefix() + key)).as("and is replaced by the limiter's own format")
                .isEqualTo("0 " + clock.millis());
    }

    private int drain(String key) {
        return drain(key, TEN_PER_MINUTE);
    }

    private int drain(String key, RateLimit limit) {
        int taken = 0;
        while (taken <= limit.capacity() && limiter.tryAcquire(key, limit).allowed()) {
            taken++;
        }
        return taken;
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
