package dev.clipshare.redis;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketExceptions;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * Bucket4j's Lettuce proxy manager over the limiter's connection, built once the connection is
 * open: compare-and-swap Lua scripts, timed by the injected clock, each call bounded by the
 * command timeout, each bucket written with a time to live of "until full again, plus
 * keepFullFor". Thread-safe.
 */
final class Buckets implements AutoCloseable {
    private record Bound(StatefulRedisConnection<String, byte[]> connection, ProxyManager<String> proxies) { }

    private final Connections connections;
    private final TimeMeter time;
    private final Duration requestTimeout;
    private final ExpirationAfterWriteStrategy expiry;
    private volatile Bound bound;

    Buckets(Connections connections, Clock clock, Duration requestTimeout, Duration keepFullFor) {
        this.connections = connections;
        this.requestTimeout = requestTimeout;
        this.expiry = ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(keepFullFor);
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    BucketProxy bucket(String key, BucketConfiguration configuration) {
        return proxies().builder().build(key, () -> configuration);
    }

    private ProxyManager<String> proxies() {
        StatefulRedisConnection<String, byte[]> connection = connections.get();
        Bound b = bound;
        if (b == null || b.connection() != connection) {
            b = new Bound(connection, Bucket4jLettuce.casBasedBuilder(connection)
                    .clientClock(time)
                    .requestTimeout(requestTimeout)
                    .expirationAfterWrite(expiry)
                    .build());
            bound = b;
        }
        return b.proxies();
    }

    /** Whether {@code e} says Redis could not answer (down, slow, refusing), as opposed to a bug. */
    static boolean isBackendFailure(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof RedisException || c instanceof RedisUnavailableException
                    || c instanceof BucketExceptions.BucketExecutionException
                    || c instanceof TimeoutException || c instanceof CancellationException) {
                return true;
            }
        }
        return false;
    }

    /** A one-line account of a failure for logs and exception messages: the innermost message. */
    static String describe(Throwable e) {
        Throwable last = e;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c.getMessage() != null) {
                last = c;
            }
        }
        return last.getClass().getSimpleName() + ": " + last.getMessage();
    }

    @Override
    public void close() {
        connections.close();
    }
}
