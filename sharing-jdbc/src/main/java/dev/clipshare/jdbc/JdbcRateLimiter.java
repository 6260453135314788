package dev.clipshare.jdbc;

import dev.clipshare.core.RateLimit;
import dev.clipshare.core.StorageException;
import dev.clipshare.core.spi.RateLimitDecision;
import dev.clipshare.core.spi.RateLimiter;
import dev.clipshare.jdbc.internal.BucketSettings;
import dev.clipshare.jdbc.internal.Db;
import dev.clipshare.jdbc.internal.Tables;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketExceptions;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link RateLimiter} whose token buckets live in the database all nodes share, so the global,
 * per-token and password-failure limits hold for the whole cluster: 120 requests per minute on a
 * token means 120 over every node together. Get one from {@link JdbcStores}:
 *
 * <pre>{@code
 * JdbcStores stores = JdbcStores.builder(dataSource).build();
 * Sharing sharing = Sharing.builder().rateLimiter(stores.rateLimiter()) ... .build();
 * }</pre>
 *
 * <p><b>Backends.</b> Bucket4j's PostgreSQL and MySQL modules with their select-for-update
 * strategy (one short transaction holding the bucket's row lock per decision, so concurrent
 * callers on any node never overdraw a bucket); MariaDB uses the MySQL one. H2, which Bucket4j
 * has no module for, gets the same protocol on the same table layout from this module. The MySQL
 * module needs {@code com.mysql:mysql-connector-j} on the classpath, even when the host talks to
 * MariaDB through MariaDB's driver.
 *
 * <p><b>Time.</b> Buckets are refilled by the node's clock (the {@link Clock} given to
 * {@link JdbcStores.Builder#clock}), not by the database's: keep the nodes' clocks in sync (NTP);
 * a skew of a few hundred milliseconds moves a per-minute limit by a fraction of one request.
 * Tests move a {@code MutableClock} instead of waiting.
 *
 * <p><b>Limits and keys.</b> A bucket is created with the limit passed on its first use and
 * smooth ("greedy") refill; refused calls get the time until one more token is back as
 * {@link RateLimitDecision#retryAfter()}. A bucket row expires once it would be full again (plus
 * a minute) and {@link #removeExpired} deletes such rows; {@link JdbcStores} runs it
 * every minute. A changed limit therefore applies to a key once its old bucket has expired.
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

    private final ProxyManager<String> buckets;
    private final Db db;
    private final Tables tables;
    private final Clock clock;

    JdbcRateLimiter(ProxyManager<String> buckets, Db db, Tables tables, BucketSettings settings) {
        this.buckets = buckets;
        this.db = db;
        this.tables = tables;
        this.clock = settings.clock();
    }

    @Override
    public RateLimitDecision tryAcquire(String key, RateLimit limit) {
        checkArguments(key, limit);
        ConsumptionProbe probe;
        try {
            probe = buckets.builder()
                    .build(key, () -> configuration(limit))
                    .tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException e) {
            throw storageFailure(e);
        }
        return probe.isConsumed() ? RateLimitDecision.ALLOWED
                : RateLimitDecision.refused(Duration.ofNanos(Math.max(1_000_000L, probe.getNanosToWaitForRefill())));
    }

    @Override
    public void release(String key, RateLimit limit) {
        checkArguments(key, limit);
        try {
            buckets.builder().build(key, () -> configuration(limit)).addTokens(1);
        } catch (RuntimeException e) {
            throw storageFailure(e);
        }
    }

    private static void checkArguments(String key, RateLimit limit) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(limit, "limit");
        if (key.isEmpty() || key.length() > MAX_KEY) {
            throw new IllegalArgumentException("rate limit key must be 1.." + MAX_KEY + " characters, was " + key.length());
        }
    }

    private static BucketConfiguration configuration(RateLimit limit) {
        return BucketConfiguration.builder()
                .addLimit(l -> l.capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()))
                .build();
    }

    /**
     * Deletes up to {@code max} bucket rows that expired by this node's clock (buckets that would
     * be full again: deleting one changes no decision).
     *
     * @return how many rows were deleted
     */
    public int removeExpired(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        return db.autocommit("remove expired rate-limit buckets", c -> {
            try (PreparedStatement ps = db.prepare(c, db.dialect().deleteExpiredBuckets(tables))) {
                ps.setLong(1, clock.millis());
                ps.setInt(2, max);
                return ps.executeUpdate();
            }
        });
    }

    private static RuntimeException storageFailure(RuntimeException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql) {
                return Db.failure("count a rate-limited request", sql);
            }
            if (c instanceof StorageException storage) {
                return storage;
            }
        }
        if (e instanceof BucketExceptions.BucketExecutionException) {
            return new StorageException("could not count a rate-limited request (" + e.getMessage() + ")", e);
        }
        return e;
    }
}
