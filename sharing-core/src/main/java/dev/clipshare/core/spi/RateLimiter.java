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
}
