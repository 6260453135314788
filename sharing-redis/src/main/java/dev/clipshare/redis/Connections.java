package dev.clipshare.redis;

import io.lettuce.core.ConnectionFuture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The limiter's one Redis connection, with keys and arguments as bytes (encoded once, and
 * written by Lettuce without a buffer of its own per argument), opened on first use rather than at build time (so a node
 * starts while Redis is down), within the command timeout, and at most once a second while Redis
 * refuses, so a dead Redis costs one connection attempt per second and not one per request. Once
 * open, Lettuce reconnects it by itself. Thread-safe.
 */
final class Connections implements AutoCloseable {
    private static final long RETRY_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RedisClient client;
    private final ClientResources ownedResources;
    private final RedisURI uri;
    private final Duration timeout;
    private final ReentrantLock connecting = new ReentrantLock();
    private volatile StatefulRedisConnection<byte[], byte[]> connection;
    private volatile long nextAttemptNanos = System.nanoTime();
    private volatile boolean closed;

    /**
     * @param ownedResources the resources of a client this object created and must shut down, or
     *                       null for a host's client (left running on close)
     */
    Connections(RedisClient client, ClientResources ownedResources, RedisURI uri, Duration timeout) {
        this.client = client;
        this.ownedResources = ownedResources;
        this.uri = uri;
        this.timeout = timeout;
    }

    /** The open connection; opens it first when needed. Throws {@link RedisUnavailableException} when it cannot. */
    StatefulRedisConnection<byte[], byte[]> get() {
        StatefulRedisConnection<byte[], byte[]> c = connection;
        return c != null ? c : connect();
    }

    private StatefulRedisConnection<byte[], byte[]> connect() {
        boolean locked;
        try {
            locked = connecting.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisUnavailableException("interrupted while waiting for the Redis connection", e);
        }
        if (!locked) {
            throw new RedisUnavailableException("no Redis connection within " + timeout.toMillis() + " ms", null);
        }
        try {
            if (closed) {
                throw new IllegalStateException("the rate limiter is closed");
            }
            if (connection != null) {
                return connection;
            }
            if (System.nanoTime() - nextAttemptNanos < 0) {
                throw new RedisUnavailableException("Redis was unreachable less than a second ago", null);
            }
            return open();
        } finally {
            connecting.unlock();
        }
    }

    private StatefulRedisConnection<byte[], byte[]> open() {
        ConnectionFuture<StatefulRedisConnection<byte[], byte[]>> future = client.connectAsync(ByteArrayCodec.INSTANCE, uri);
        try {
            StatefulRedisConnection<byte[], byte[]> c = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            c.setTimeout(timeout);
            connection = c;
            return c;
        } catch (TimeoutException e) {
            nextAttemptNanos = System.nanoTime() + RETRY_EVERY_NANOS;
            future.thenAccept(this::adoptLate);
            throw new RedisUnavailableException("connecting to Redis took longer than " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            nextAttemptNanos = System.nanoTime() + RETRY_EVERY_NANOS;
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new RedisUnavailableException("could not connect to Redis (" + cause.getMessage() + ")", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.thenAccept(this::adoptLate);
            throw new RedisUnavailableException("interrupted while connecting to Redis", e);
        }
    }

    /** A connection that was established after its caller gave up: keep it if none exists, else close it. */
    private void adoptLate(StatefulRedisConnection<byte[], byte[]> late) {
        connecting.lock();
        try {
            if (connection == null && !closed) {
                late.setTimeout(timeout);
                connection = late;
                return;
            }
        } finally {
            connecting.unlock();
        }
        late.closeAsync();
    }

    @Override
    public void close() {
        connecting.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (connection != null) {
                connection.close();
                connection = null;
            }
        } finally {
            connecting.unlock();
        }
        if (ownedResources != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            ownedResources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
