package dev.clipshare.core;

import java.time.Duration;

/**
 * A token-bucket limit: at most {@code capacity} events per {@code period}, refilled smoothly.
 *
 * @param capacity events allowed per period, at least 1
 * @param period   the window, at least one second
 */
public record RateLimit(long capacity, Duration period) {
    public RateLimit {
        if (capacity < 1) {
            throw new IllegalArgumentException("rate limit capacity must be at least 1, was " + capacity);
        }
        if (period == null || period.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("rate limit period must be at least 1 s, was " + period);
        }
    }

    public static RateLimit perMinute(long capacity) {
        return new RateLimit(capacity, Duration.ofMinutes(1));
    }
}
