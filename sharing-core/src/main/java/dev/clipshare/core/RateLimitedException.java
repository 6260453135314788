package dev.clipshare.core;

import java.time.Duration;

/** A rate limit refused the request; {@link #scope()} says which one. */
public class RateLimitedException extends RetryLaterException {
    /** Which limit refused. */
    public enum Scope {
        /** The limit on the whole service. */
        GLOBAL,
        /** The limit on requests for one token. */
        TOKEN,
        /** The limit on password attempts for one token. */
        PASSWORD_FAILURES
    }

    private final Scope scope;

    public RateLimitedException(Scope scope, Duration retryAfter) {
        super("rate limit exceeded (" + scope.name().toLowerCase(java.util.Locale.ROOT) + ")", retryAfter);
        this.scope = scope;
    }

    public Scope scope() {
        return scope;
    }
}
