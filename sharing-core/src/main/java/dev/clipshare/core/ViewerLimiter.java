package dev.clipshare.core;

import dev.clipshare.core.spi.RateLimitDecision;
import dev.clipshare.core.spi.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Applies {@link ViewerLimits}: the per-client limit on a link's page and status calls, the
 * optional caps, and the probe budgets, with the memory that lets a client who spent its probe
 * budget, or its calls to a link, be refused before any store lookup or limiter call until its
 * Retry-After. Thread-safe.
 *
 * <p>The service-wide probe budget is counted in up to eight buckets, chosen by the client's
 * address, each holding an eighth of it: no single bucket (a row, on a JDBC limiter) is
 * written by every probe of every node. The budget holds to within a bucket's rounding.
 */
final class ViewerLimiter {
    private static final int SHARDS = 8;
    private static final int MAX_REMEMBERED = 100_000;

    private final Context c;
    private final Map<String, Instant> refusedUntil = new ConcurrentHashMap<>();

    ViewerLimiter(Context c) {
        this.c = c;
    }

    private ViewerLimits limits() {
        return c.settings.viewerLimits();
    }

    /** Refuses a client that spent its probe budget, until its Retry-After: before any store lookup. */
    void refuseSpentClient(String client) {
        if (client != null) {
            refuseRemembered("probe:" + client, RateLimitedException.Scope.PROBES);
        }
    }

    private void refuseRemembered(String key, RateLimitedException.Scope scope) {
        Instant until = refusedUntil.get(key);
        if (until == null) {
            return;
        }
        Instant now = c.clock.instant();
        if (now.isBefore(until)) {
            throw new RateLimitedException(scope, Duration.between(now, until));
        }
        refusedUntil.remove(key, until);
    }

    /** Charges a page, status or unlock call of one link (never a media request), before its lookup. */
    void chargeCall(String client, TokenHash hash) {
        startCall(client, hash).settle();
    }

    /**
     * Charges a page or status call of one link, before its lookup: the caps at once, then the
     * client's limit. A limiter that decides at once (in memory, the database's) decides here; a
     * remote one (Redis) is {@linkplain RateLimiter#begin begun} here and settled after the lookup,
     * so that its round trip overlaps the store's. A client refused (by any limiter) is then
     * refused from this node's memory, before its lookup and its limiter call, until its
     * Retry-After (when its next token is due whatever other nodes do), so that only the first
     * refusal of each period costs a lookup; the optional caps are still charged first.
     */
    Charge startCall(String client, TokenHash hash) {
        ViewerLimits l = limits();
        l.globalCap().ifPresent(cap -> c.consume("global", cap, RateLimitedException.Scope.GLOBAL));
        l.perLinkCap().ifPresent(cap -> c.consume("token:" + hash.hex(), cap, RateLimitedException.Scope.TOKEN));
        if (client == null) {
            return Charge.NONE;
        }
        String key = "client:" + hash.hex() + ":" + client;
        refuseRemembered(key, RateLimitedException.Scope.CLIENT);
        RateLimiter.Pending pending = c.limiter.begin(key, l.perClient());
        Charge charge = () -> {
            RateLimitDecision decision = pending.await();
            if (!decision.allowed()) {
                remember(key, decision.retryAfter());
                throw new RateLimitedException(RateLimitedException.Scope.CLIENT, decision.retryAfter());
            }
        };
        if (pending.isDone()) {
            charge.settle();
            return Charge.NONE;
        }
        return charge;
    }

    /** A charge begun by {@link #startCall}. */
    @FunctionalInterface
    interface Charge {
        Charge NONE = () -> { };

        /** Waits for the charge; throws {@link RateLimitedException} when it was refused. */
        void settle();
    }

    /** Charges a request that opened nothing; refuses it when a probe budget is spent. */
    void chargeProbe(String client) {
        probe(client, true);
    }

    /** Counts a failed unlock against the probe budgets; a spent budget refuses the client's next requests. */
    void countFailedUnlock(String client) {
        probe(client, false);
    }

    private void probe(String client, boolean refuseNow) {
        ViewerLimits l = limits();
        if (client != null) {
            RateLimitDecision mine = c.limiter.tryAcquire("probe:" + client, l.probesPerClient());
            if (!mine.allowed()) {
                remember("probe:" + client, mine.retryAfter());
                if (refuseNow) {
                    throw new RateLimitedException(RateLimitedException.Scope.PROBES, mine.retryAfter());
                }
                return;
            }
        }
        RateLimit all = l.probes();
        int shards = (int) Math.min(SHARDS, all.capacity());
        RateLimit shard = new RateLimit((all.capacity() + shards - 1) / shards, all.period());
        int index = client != null ? Math.floorMod(client.hashCode(), shards) : ThreadLocalRandom.current().nextInt(shards);
        RateLimitDecision service = c.limiter.tryAcquire("probes:" + index, shard);
        if (!service.allowed() && refuseNow) {
            throw new RateLimitedException(RateLimitedException.Scope.PROBES, service.retryAfter());
        }
    }

    /** Remembers a refusal of {@code key} (a probing client, or a client's calls to one link) until its Retry-After. */
    private void remember(String key, Duration retryAfter) {
        Instant now = c.clock.instant();
        if (refusedUntil.size() >= MAX_REMEMBERED) {
            refusedUntil.values().removeIf(until -> !now.isBefore(until));
            if (refusedUntil.size() >= MAX_REMEMBERED) {
                return; // the limiter still refuses them, one lookup each
            }
        }
        refusedUntil.merge(key, now.plus(retryAfter), (a, b) -> a.isAfter(b) ? a : b);
    }
}
