package dev.clipshare.core.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * A {@link RateLimiter}'s answer.
 *
 * @param allowed    whether the event was counted and may proceed
 * @param retryAfter when refused, how long until one more event would be allowed; zero when allowed
 */
public record RateLimitDecision(boolean allowed, Duration retryAfter) {
    public static final RateLimitDecision ALLOWED = new RateLimitDecision(true, Duration.ZERO);

    public RateLimitDecision {
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public static RateLimitDecision refused(Duration retryAfter) {
        return new RateLimitDecision(false, retryAfter);
    }
}
