package dev.clipshare.core;

import java.time.Duration;
import java.util.Objects;

/** Base of the refusals that carry a time after which trying again can succeed. */
public abstract class RetryLaterException extends SharingException {
    private final Duration retryAfter;

    protected RetryLaterException(String message, Duration retryAfter) {
        super(message);
        Objects.requireNonNull(retryAfter, "retryAfter");
        this.retryAfter = retryAfter.isNegative() ? Duration.ZERO : retryAfter;
    }

    /** How long to wait before trying again; never negative. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@link #retryAfter()} rounded up to whole seconds, at least 1, as an HTTP {@code Retry-After} wants. */
    public long retryAfterSeconds() {
        long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
