package dev.clipshare.core.spi;

import dev.clipshare.core.RateLimit;

/**
 * Counts events against token-bucket limits by key. The facade uses three keys per request:
 * the whole service, the token (by its hash), and password attempts per token.
 *
 * <p>A limiter shared by several nodes (Bucket4j over the nodes' database in sharing-jdbc) makes
 * the limits hold for the whole cluster; the in-memory one holds per node. Implementations are
 * thread-safe and must not let concurrent callers overdraw a bucket.
 */
@FunctionalInterface
public interface RateLimiter {
    /** Allows everything. */
    RateLimiter UNLIMITED = (key, limit) -> RateLimitDecision.ALLOWED;

    /**
     * Takes one token from the bucket named {@code key}, created with {@code limit} on first use.
     * Callers always pass the same limit for the same key.
     */
    RateLimitDecision tryAcquire(String key, RateLimit limit);

    /**
     * Gives back one token that {@link #tryAcquire} took from the bucket named {@code key}, when
     * the event turned out not to be one the limit counts: the facade takes a token from the
     * per-token password bucket before a bcrypt check (so guesses past the limit cost nothing)
     * and gives it back when the password was right, so the limit counts failures only. The bucket
     * never holds more than its capacity afterwards.
     *
     * <p>The default does nothing: with a limiter that cannot give tokens back, right passwords
     * count towards the password-failure limit too.
     */
    default void release(String key, RateLimit limit) {
    }
}
