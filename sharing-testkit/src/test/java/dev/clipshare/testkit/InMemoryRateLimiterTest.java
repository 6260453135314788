package dev.clipshare.testkit;

import dev.clipshare.core.memory.InMemoryRateLimiter;
import dev.clipshare.core.spi.RateLimiter;
import java.time.Clock;

/**
 * The in-memory reference limiter passes the rate limiter contract. Its buckets live in one JVM,
 * so the two-node tests are skipped.
 */
class InMemoryRateLimiterTest extends RateLimiterContract {
    @Override
    protected RateLimiter createLimiter(Clock clock) {
        return new InMemoryRateLimiter(clock);
    }
}
