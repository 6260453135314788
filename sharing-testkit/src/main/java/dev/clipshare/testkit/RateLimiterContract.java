package dev.clipshare.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.RateLimit;
import dev.clipshare.core.spi.RateLimitDecision;
import dev.clipshare.core.spi.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What "a {@link RateLimiter} works" means: exact counts (also under concurrent callers, also
 * across two nodes), smooth refill, a sensible time to retry, a {@link RateLimiter#release
 * release} that never overfills a bucket, and keys that do not share buckets. Every limiter (in
 * memory, JDBC on each database, Redis, your own) proves itself through a short subclass:
 *
 * <pre>{@code
 * class RedisRateLimiterContractTest extends RateLimiterContract {
 *     @Override
 *     protected RateLimiter createLimiter(Clock clock) {
 *         return RedisRateLimiter.builder(uri).clock(clock).build();
 *     }
 *
 *     @Override   // a second node: its own connection, the same Redis
 *     protected Optional<RateLimiter> createSecondInstance(RateLimiter first, Clock clock) {
 *         return Optional.of(RedisRateLimiter.builder(uri).clock(clock).build());
 *     }
 * }
 * }</pre>
 *
 * <p><b>Time.</b> The limiter must take its time from the {@link Clock} it is given (every
 * Clipshare limiter does): the tests move that clock instead of waiting, so a refill of six
 * seconds takes no time at all, and nothing refills while the concurrency tests run.
 *
 * <p><b>Lifecycle.</b> The limiters are created before the first test of an instance of the
 * test class and reused by its other tests; with JUnit's default lifecycle that is once per test,
 * with {@code @TestInstance(PER_CLASS)} once per class (the clock then keeps moving forward from
 * test to test). Every test uses fresh random keys, so the backend need not be empty. The
 * concurrency tests use eight threads.
 *
 * <p>Optional: {@link #createSecondInstance} for limiters meant to be shared by several nodes;
 * when it is not overridden the two-node tests are skipped (visibly, as assumptions).
 */
public abstract class RateLimiterContract {
    /** The instant the clock starts at. */
    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** Ten per minute: one token back every six seconds. */
    private static final RateLimit TEN_PER_MINUTE = RateLimit.perMinute(10);
    private static final Duration ONE_TOKEN = Duration.ofSeconds(6);

    private final MutableClock clock = MutableClock.at(T0);
    private RateLimiter first;
    private RateLimiter second;

    /** A limiter timed by {@code clock}. */
    protected abstract RateLimiter createLimiter(Clock clock);

    /**
     * A second, independent limiter over the same backend as {@code first} (what a second
     * application node would build, on its own connection), timed by the same clock; or empty
     * when the limiter's buckets are not shared across nodes.
     */
    protected Optional<RateLimiter> createSecondInstance(RateLimiter first, Clock clock) {
        return Optional.empty();
    }

    @BeforeEach
    void setUpLimiters() {
        if (first == null) {
            first = createLimiter(clock);
            second = createSecondInstance(first, clock).orElse(null);
        }
    }

    /** The clock every limiter of this class is timed by; tests move it. */
    protected MutableClock clock() {
        return clock;
    }

    /** The first node's limiter. */
    protected RateLimiter limiter() {
        return first;
    }

    /** A fresh key, unknown to the backend. */
    protected static String newKey() {
        return "contract:" + UUID.randomUUID();
    }

    private RateLimiter secondNode() {
        Assumptions.assumeTrue(second != null, "this limiter is not shared by several nodes (no createSecondInstance)");
        return second;
    }

    /** Takes tokens until one is refused (at most {@code max + 1} tries) and says how many were taken. */
    private static int drain(RateLimiter limiter, String key, RateLimit limit, int max) {
        int taken = 0;
        while (taken <= max && limiter.tryAcquire(key, limit).allowed()) {
            taken++;
        }
        return taken;
    }

    // ------------------------------------------------------------------ counting and refill

    @Test
    void theCapacityIsAllowedThenTheNextRequestIsRefused() {
        String key = newKey();
        for (int i = 1; i <= 10; i++) {
            assertThat(first.tryAcquire(key, TEN_PER_MINUTE).allowed())
                    .as("request %d of a limit of 10 per minute is allowed", i).isTrue();
        }

        RateLimitDecision eleventh = first.tryAcquire(key, TEN_PER_MINUTE);

        assertThat(eleventh.allowed()).as("the 11th request within the minute is refused").isFalse();
        assertThat(eleventh.retryAfter())
                .as("a refusal says to retry after a positive time, at most the 6 s one token takes to come back")
                .isPositive().isLessThanOrEqualTo(ONE_TOKEN);
    }

    @Test
    void anAllowedDecisionCarriesNoWaitingTime() {
        RateLimitDecision decision = first.tryAcquire(newKey(), TEN_PER_MINUTE);

        assertThat(decision.allowed()).as("the first request of a fresh key is allowed").isTrue();
        assertThat(decision.retryAfter()).as("an allowed request has nothing to wait for").isZero();
    }

    @Test
    void retryingAfterTheAnnouncedTimeIsAllowed() {
        String key = newKey();
        drain(first, key, TEN_PER_MINUTE, 10);
        clock.advance(Duration.ofSeconds(2));

        RateLimitDecision refused = first.tryAcquire(key, TEN_PER_MINUTE);
        clock.advance(refused.retryAfter());
        RateLimitDecision retried = first.tryAcquire(key, TEN_PER_MINUTE);

        assertThat(refused.allowed()).as("refused 2 s after the bucket ran dry").isFalse();
        assertThat(refused.retryAfter()).as("2 s into a 6 s refill, about 4 s are left")
                .isBetween(Duration.ofMillis(3_900), Duration.ofMillis(4_100));
        assertThat(retried.allowed()).as("a request made exactly when the refusal said to retry is allowed").isTrue();
    }

    @Test
    void oneTokenComesBackPerSixthOfTheMinute() {
        String key = newKey();
        assertThat(drain(first, key, TEN_PER_MINUTE, 10)).as("a fresh bucket holds exactly its capacity").isEqualTo(10);

        clock.advance(ONE_TOKEN.minusMillis(100));
        boolean tooEarly = first.tryAcquire(key, TEN_PER_MINUTE).allowed();
        clock.advance(Duration.ofMillis(100));
        int afterOneToken = drain(first, key, TEN_PER_MINUTE, 10);
        clock.advance(Duration.ofSeconds(30));
        int afterHalfAMinute = drain(first, key, TEN_PER_MINUTE, 10);

        assertThat(tooEarly).as("5.9 s after running dry no token is back yet").isFalse();
        assertThat(afterOneToken).as("6 s after running dry exactly one token is back").isEqualTo(1);
        assertThat(afterHalfAMinute).as("30 s later exactly five tokens are back").isEqualTo(5);
    }

    @Test
    void aLongIdleBucketRefillsToItsCapacityAndNoFurther() {
        String key = newKey();
        drain(first, key, TEN_PER_MINUTE, 10);

        clock.advance(Duration.ofMinutes(30));

        assertThat(drain(first, key, TEN_PER_MINUTE, 30))
                .as("after 30 idle minutes the bucket holds its capacity of 10, not 300").isEqualTo(10);
    }

    // ------------------------------------------------------------------ release

    @Test
    void aReleasedTokenCanBeTakenAgainOnce() {
        String key = newKey();
        drain(first, key, TEN_PER_MINUTE, 10);

        first.release(key, TEN_PER_MINUTE);

        assertThat(first.tryAcquire(key, TEN_PER_MINUTE).allowed()).as("the token given back can be taken").isTrue();
        assertThat(first.tryAcquire(key, TEN_PER_MINUTE).allowed()).as("only one was given back").isFalse();
    }

    @Test
    void releasesNeverFillABucketPastItsCapacity() {
        String untouched = newKey();
        String partlyUsed = newKey();
        for (int i = 0; i < 5; i++) {
            first.release(untouched, TEN_PER_MINUTE);
        }
        for (int i = 0; i < 3; i++) {
            first.tryAcquire(partlyUsed, TEN_PER_MINUTE);
        }
        for (int i = 0; i < 5; i++) {
            first.release(partlyUsed, TEN_PER_MINUTE);
        }

        assertThat(drain(first, untouched, TEN_PER_MINUTE, 15))
                .as("five releases on a key never used leave exactly the capacity of 10").isEqualTo(10);
        assertThat(drain(first, partlyUsed, TEN_PER_MINUTE, 15))
                .as("three taken and five given back leave exactly the capacity of 10").isEqualTo(10);
    }

    // ------------------------------------------------------------------ keys

    @Test
    void distinctKeysHaveIndependentBuckets() {
        String exhausted = newKey();
        String other = newKey();
        drain(first, exhausted, TEN_PER_MINUTE, 10);

        int otherAllowed = drain(first, other, TEN_PER_MINUTE, 10);

        assertThat(otherAllowed).as("another key still has its full capacity of 10").isEqualTo(10);
        assertThat(first.tryAcquire(exhausted, TEN_PER_MINUTE).allowed())
                .as("the exhausted key stays refused while the other one is used").isFalse();
    }

    @Test
    void keysThatDifferOnlyInCaseOrByAPrefixAreDistinct() {
        String key = newKey();
        drain(first, key, TEN_PER_MINUTE, 10);

        assertThat(first.tryAcquire(key.toUpperCase(java.util.Locale.ROOT), TEN_PER_MINUTE).allowed())
                .as("the upper-case spelling of an exhausted key is another bucket").isTrue();
        assertThat(first.tryAcquire(key + ":x", TEN_PER_MINUTE).allowed())
                .as("a longer key starting with an exhausted one is another bucket").isTrue();
    }

    // ------------------------------------------------------------------ concurrency and nodes

    @Test
    void concurrentCallersNeverOverdrawABucket() throws Exception {
        String key = newKey();

        int allowed = sum(Concurrently.run(8, i -> countAllowed(first, key, 5)));

        assertThat(allowed).as("8 threads × 5 requests against a capacity of 10 get exactly 10 through").isEqualTo(10);
    }

    @Test
    void twoNodesDrawFromOneBucket() {
        RateLimiter other = secondNode();
        String key = newKey();
        for (int i = 0; i < 5; i++) {
            assertThat(first.tryAcquire(key, TEN_PER_MINUTE).allowed()).as("request %d on node 1", 2 * i + 1).isTrue();
            assertThat(other.tryAcquire(key, TEN_PER_MINUTE).allowed()).as("request %d on node 2", 2 * i + 2).isTrue();
        }

        assertThat(first.tryAcquire(key, TEN_PER_MINUTE).allowed()).as("node 1 sees the bucket node 2 helped drain").isFalse();
        assertThat(other.tryAcquire(key, TEN_PER_MINUTE).allowed()).as("node 2 sees the bucket node 1 helped drain").isFalse();
    }

    @Test
    void aTokenReleasedOnOneNodeCanBeTakenOnTheOther() {
        RateLimiter other = secondNode();
        String key = newKey();
        drain(first, key, TEN_PER_MINUTE, 10);

        first.release(key, TEN_PER_MINUTE);

        assertThat(other.tryAcquire(key, TEN_PER_MINUTE).allowed()).as("node 2 takes the token node 1 gave back").isTrue();
        assertThat(other.tryAcquire(key, TEN_PER_MINUTE).allowed()).as("and no more").isFalse();
    }

    @Test
    void concurrentCallersOnTwoNodesNeverOverdrawABucket() throws Exception {
        RateLimiter other = secondNode();
        String key = newKey();

        int allowed = sum(Concurrently.run(8, i -> countAllowed(i % 2 == 0 ? first : other, key, 5)));

        assertThat(allowed).as("8 threads on two nodes × 5 requests against a capacity of 10 get exactly 10 through")
                .isEqualTo(10);
    }

    private static int countAllowed(RateLimiter limiter, String key, int attempts) {
        int n = 0;
        for (int attempt = 0; attempt < attempts; attempt++) {
            n += limiter.tryAcquire(key, TEN_PER_MINUTE).allowed() ? 1 : 0;
        }
        return n;
    }

    private static int sum(List<Integer> counts) {
        return counts.stream().mapToInt(Integer::intValue).sum();
    }
}
