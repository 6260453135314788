package dev.clipshare.core.spi;

import dev.clipshare.core.RateLimit;

/**
 * Counts events against token-bucket limits by key: the facade's keys are the per-client limit
 * on a link's page and status calls, the optional global and per-link caps, the probe budgets and
 * the password-failure limit per link ({@code ViewerLimits}).
 *
 * <p>A limiter shared by several nodes (the database's in sharing-jdbc, Redis in sharing-redis)
 * makes the limits hold for the whole cluster; the in-memory one holds per node. Implementations
 * are thread-safe and must not let concurrent callers overdraw a bucket.
 *
 * <pre>{@code
 * RateLimitDecision d = limiter.tryAcquire("client:" + link + ":" + address, RateLimit.perMinute(120));
 * if (!d.allowed()) respond429(d.retryAfter());
 * }</pre>
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

    /**
     * Starts {@link #tryAcquire} and returns before its decision is known, so that a caller can do
     * other work meanwhile: the share page looks its link up while a remote limiter decides, in
     * one wait instead of two. {@link Pending#await()} gives the decision, or throws what
     * {@code tryAcquire} would have thrown. Await every begun decision, also when the work done
     * meanwhile fails: only then is it sure to be made (a remote limiter may need to ask again, or
     * give up, there). {@code begin} itself may throw at once what {@code tryAcquire} throws, invalid
     * arguments in particular.
     *
     * <p>The default decides at once, by {@code tryAcquire}; a limiter that asks another server
     * (Redis) sends its request here and waits in {@code await}.
     */
    default Pending begin(String key, RateLimit limit) {
        RateLimitDecision decision = tryAcquire(key, limit);
        return () -> decision;
    }

    /**
     * A decision {@linkplain #begin begun} and not yet read. Await it once, on any thread.
     */
    @FunctionalInterface
    interface Pending {
        /** The decision, once known; throws what {@link RateLimiter#tryAcquire} would have thrown. */
        RateLimitDecision await();

        /** Whether {@link #await} would return (or throw) without waiting; the default says yes. */
        default boolean isDone() {
            return true;
        }
    }
}
