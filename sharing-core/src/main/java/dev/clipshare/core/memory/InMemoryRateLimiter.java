package dev.clipshare.core.memory;

import dev.clipshare.core.RateLimit;
import dev.clipshare.core.spi.RateLimitDecision;
import dev.clipshare.core.spi.RateLimiter;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link RateLimiter} with Bucket4j buckets in this JVM, timed by the given {@link Clock} (so
 * tests move time instead of waiting). Limits hold per node; use the JDBC limiter of
 * sharing-jdbc for limits across nodes.
 *
 * <p>Memory stays bounded under a flood of distinct keys (random tokens): once more than
 * {@code maxKeys} buckets exist, buckets that have refilled completely are dropped, since a full
 * bucket behaves exactly like a new one. Thread-safe.
 */
public final class InMemoryRateLimiter implements RateLimiter {
    private final Map<String, Entry> buckets = new ConcurrentHashMap<>();
    private final TimeMeter time;
    private final int maxKeys;

    private record Entry(Bucket bucket, long capacity) { }

    public InMemoryRateLimiter(Clock clock) {
        this(clock, 100_000);
    }

    public InMemoryRateLimiter(Clock clock, int maxKeys) {
        Objects.requireNonNull(clock, "clock");
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be positive, was " + maxKeys);
        }
        this.maxKeys = maxKeys;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    @Override
    public RateLimitDecision tryAcquire(String key, RateLimit limit) {
        Entry entry = buckets.get(key);
        if (entry == null) {
            if (buckets.size() >= maxKeys) {
                sweep();
            }
            entry = buckets.computeIfAbsent(key, k -> new Entry(Bucket.builder()
                    .addLimit(l -> l.capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()))
                    .withCustomTimePrecision(time)
                    .build(), limit.capacity()));
        }
        ConsumptionProbe probe = entry.bucket().tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? RateLimitDecision.ALLOWED
                : RateLimitDecision.refused(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    @Override
    public void release(String key, RateLimit limit) {
        Entry entry = buckets.get(key);
        if (entry != null) {
            entry.bucket().addTokens(1);
        }
    }

    private void sweep() {
        buckets.entrySet().removeIf(e -> e.getValue().bucket().getAvailableTokens() >= e.getValue().capacity());
    }

    /** How many buckets are held (for tests and metrics). */
    public int size() {
        return buckets.size();
    }
}
