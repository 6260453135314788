package dev.clipshare.core;

import java.time.Duration;

/** A rate limit refused the request; {@link #scope()} says which one. */
public class RateLimitedException extends RetryLaterException {
    /** Which limit refused. */
    public enum Scope {
        /** The optional cap on page and status calls of the whole service (off by default). */
        GLOBAL,
        /** The optional cap on page and status calls of one link (off by default). */
        TOKEN,
        /** Page and status calls of one client for one link (120 a minute by default). */
        CLIENT,
        /**
         * Requests that opened nothing (unknown, revoked, deleted, malformed tokens) and failed
         * unlocks, per client or for the whole service: probing.
         */
        PROBES,
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
