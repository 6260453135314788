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
        /** The limit on wrong passwords for one token. */
        PASSWORD_FAILURES,
        /** The limit on management API calls by one signed-in caller (sharing-servlet's ShareApi). */
        API_CALLER
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
