package dev.clipshare.jdbc.internal;

import dev.clipshare.core.RateLimit;

/**
 * The arithmetic of one rate-limit bucket row, exact in {@code long}s. A bucket holds
 * <em>units</em>: one token is {@code P} units (the period in milliseconds) and a millisecond
 * refills {@code C} units (the capacity), so a bucket refills {@code C} tokens per period,
 * smoothly, and holds at most {@code C·P} units. Elapsed time is counted up to one period (after a
 * period the bucket is full whatever it held) and never below zero (a node whose clock is behind
 * the last writer's neither adds nor takes anything), so no product overflows. PostgreSQL's
 * one-statement decision ({@link SqlDialect}) computes the very same expressions in SQL.
 *
 * @param capacityUnits {@code C·P}, the units of a full bucket
 * @param tokenUnits    {@code P}, the units of one token
 * @param refillPerMs   {@code C}, the units one millisecond refills
 * @param keepFullFor   milliseconds a row is kept after it would be full again
 */
public record TokenBucket(long capacityUnits, long tokenUnits, long refillPerMs, long keepFullFor) {
    /** The largest full bucket accepted: leaves room for {@code units + refill} (twice it) in a {@code long}. */
    static final long MAX_UNITS = Long.MAX_VALUE / 4;

    /**
     * @throws IllegalArgumentException when {@code C·P} units would not fit
     */
    public static TokenBucket of(RateLimit limit, long keepFullForMillis) {
        long period = limit.period().toMillis();
        long capacity = limit.capacity();
        if (capacity > MAX_UNITS / period) {
            throw new IllegalArgumentException("rate limit " + capacity + " per " + limit.period()
                    + " is too large to count exactly (capacity × period in ms must be at most " + MAX_UNITS + ")");
        }
        return new TokenBucket(capacity * period, period, capacity, keepFullForMillis);
    }

    /** The units after refilling {@code units}, last refilled at {@code refilledAt}, up to {@code now}. */
    public long refill(long units, long refilledAt, long now) {
        long elapsed = Math.min(Math.max(0, now - refilledAt), tokenUnits);
        return Math.min(capacityUnits, units + elapsed * refillPerMs);
    }

    /**
     * When a row holding {@code units} as of {@code at} (its refill time, the later of its stored
     * one and the writer's clock) may be deleted: once it would be full again, plus {@link #keepFullFor}.
     */
    public long expiresAt(long units, long at) {
        long missing = capacityUnits - units;
        return at + (missing + refillPerMs - 1) / refillPerMs + keepFullFor;
    }

    /** Milliseconds until a bucket holding {@code units} (less than a token) holds one token, at least 1. */
    public long millisUntilToken(long units) {
        long missing = tokenUnits - units;
        return Math.max(1, (missing + refillPerMs - 1) / refillPerMs);
    }
}
