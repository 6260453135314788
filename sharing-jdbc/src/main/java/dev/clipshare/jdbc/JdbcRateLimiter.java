package dev.clipshare.jdbc;

import dev.clipshare.core.RateLimit;
import dev.clipshare.core.StorageException;
import dev.clipshare.core.spi.RateLimitDecision;
import dev.clipshare.core.spi.RateLimiter;
import dev.clipshare.jdbc.internal.Db;
import dev.clipshare.jdbc.internal.RateLimitRows;
import dev.clipshare.jdbc.internal.Tables;
import dev.clipshare.jdbc.internal.TokenBucket;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link RateLimiter} whose token buckets live in the database all nodes share, so the
 * per-client, probing and password-failure limits hold for the whole cluster: 120 requests per
 * minute on a link means 120 over every node together. Get one from {@link JdbcStores}:
 *
 * <pre>{@code
 * JdbcStores stores = JdbcStores.builder(dataSource).build();
 * Sharing sharing = Sharing.builder().rateLimiter(stores.rateLimiter()) ... .build();
 * }</pre>
 *
 * <p><b>How a decision is made.</b> A bucket is one row of {@code <prefix>rate_limits} holding
 * plain numbers. On PostgreSQL one {@code INSERT ... ON CONFLICT DO UPDATE ... RETURNING}
 * refills the row, takes the token if there is one and answers whether it did: one round trip,
 * the row locked for that statement only, and the table is unlogged, so the commit waits for no
 * disk flush (after a crash or a failover of the database every bucket starts full again). On
 * MySQL, MariaDB and H2 a decision reads the row and writes it back with a compare-and-set
 * {@code UPDATE}, reading again if another node wrote in between; a refusal writes nothing.
 * Either way no transaction spans round trips and concurrent callers on any node never overdraw
 * a bucket.
 *
 * <p><b>Time.</b> Buckets are refilled by the node's clock (the {@link Clock} given to
 * {@link JdbcStores.Builder#clock}), not by the database's: keep the nodes' clocks in sync (NTP);
 * a node whose clock is behind the bucket's last writer refills nothing until it catches up, and
 * a skew of a few hundred milliseconds moves a per-minute limit by a fraction of one request.
 * Tests move a {@code MutableClock} instead of waiting.
 *
 * <p><b>Limits and keys.</b> A bucket is created full with the limit passed on its first use and
 * refills smoothly ("greedy": {@code capacity} tokens per {@code period}); refused calls get the
 * time until one more token is back as {@link RateLimitDecision#retryAfter()}. Counting is exact
 * integer arithmetic; a limit whose capacity times its period in milliseconds exceeds 2<sup>61</sup>
 * is refused with {@link IllegalArgumentException}. A bucket row expires once it would be full
 * again (plus a minute) and {@link #removeExpired} deletes such rows; {@link JdbcStores} runs it
 * every minute. A changed limit applies to a key from its next decision (the row holds no limit).
 *
 * <p><b>Failures.</b> A database that is down or hangs makes {@link #tryAcquire} throw
 * {@link StorageException} within about the query timeout: the request fails (503) rather than
 * passing unlimited.
 *
 * <p><b>Thread-safety.</b> Thread-safe.
 */
public final class JdbcRateLimiter implements RateLimiter {
    /** Longest bucket key accepted (the id column's width). */
    public static final int MAX_KEY = 255;

    private final RateLimitRows rows;
    private final Db db;
    private final Tables tables;
    private final Clock clock;
    private final long keepFullForMillis;

    JdbcRateLimiter(Db db, Tables tables, Clock clock, Duration keepFullFor) {
        this.rows = new RateLimitRows(db, tables);
        this.db = db;
        this.tables = tables;
        this.clock = clock;
        this.keepFullForMillis = keepFullFor.toMillis();
    }

    @Override
    public RateLimitDecision tryAcquire(String key, RateLimit limit) {
        checkArguments(key, limit);
        TokenBucket bucket = TokenBucket.of(limit, keepFullForMillis);
        long left = rows.take(key, bucket, clock.millis());
        return left < 0 ? RateLimitDecision.ALLOWED : RateLimitDecision.refused(Duration.ofMillis(bucket.millisUntilToken(left)));
    }

    @Override
    public void release(String key, RateLimit limit) {
        checkArguments(key, limit);
        rows.give(key, TokenBucket.of(limit, keepFullForMillis), clock.millis());
    }

    private static void checkArguments(String key, RateLimit limit) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(limit, "limit");
        if (key.isEmpty() || key.length() > MAX_KEY) {
            throw new IllegalArgumentException("rate limit key must be 1.." + MAX_KEY + " characters, was " + key.length());
        }
    }

    /**
     * Deletes up to {@code max} bucket rows that expired by this node's clock (buckets that would
     * be full again: deleting one changes no decision). On PostgreSQL, whose bucket table has no
     * index on the expiry (so that a decision's update stays heap-only), one statement deletes
     * every expired row in a single scan, however many.
     *
     * @return how many rows were deleted
     */
    public int removeExpired(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        String all = db.dialect().deleteAllExpiredBuckets(tables);
        return db.autocommit("remove expired rate-limit buckets", c -> {
            try (PreparedStatement ps = db.prepare(c, all != null ? all : db.dialect().deleteExpiredBuckets(tables))) {
                ps.setLong(1, clock.millis());
                if (all == null) {
                    ps.setInt(2, max);
                }
                return ps.executeUpdate();
            }
        });
    }
}
