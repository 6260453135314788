package dev.clipshare.redis;

import dev.clipshare.core.RateLimit;
import dev.clipshare.core.StorageException;
import dev.clipshare.core.spi.RateLimitDecision;
import dev.clipshare.core.spi.RateLimiter;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RateLimiter} whose token buckets live in Redis, so the global, per-token and
 * password-failure limits hold for every node together: 120 requests per minute on a token means
 * 120 over the whole cluster. Each decision is one Lua script ({@code EVALSHA}), which Redis runs
 * as one atomic step: it reads the bucket, refills it, takes (or gives back) a token and writes it
 * back, so concurrent callers on any node never overdraw a bucket, in one round trip and without
 * retries however hot the key.
 *
 * <pre>{@code
 * RedisRateLimiter limiter = RedisRateLimiter.builder(RedisURI.create("redis://redis.internal:6379"))
 *         .failureMode(RedisRateLimiter.FailureMode.FAIL_OPEN)
 *         .build();
 * Sharing sharing = Sharing.builder().rateLimiter(limiter) ... .build();
 * // on shutdown
 * limiter.close();
 * }</pre>
 *
 * <p><b>Limits and keys.</b> A bucket starts full, with smooth ("greedy") refill:
 * {@code capacity} tokens per {@code period}, exactly as the in-memory and JDBC limiters. A refused
 * call gets the time until one more token is back as {@link RateLimitDecision#retryAfter()} (at
 * least one millisecond). {@link #release} gives one token back, never past the capacity. Each
 * bucket is one Redis string under {@code keyPrefix + key}, written with a time to live of "until
 * the bucket would be full again, plus {@link Builder#keepFullFor}": a full bucket behaves exactly
 * like a missing one, so Redis forgets idle keys on its own and a flood of distinct keys cannot
 * grow it without bound. The string is {@code "units stamp"}: the bucket's content at the
 * millisecond {@code stamp}, in integer units (see below). It holds no limit: every call counts
 * with the limit it passes, so a changed limit applies to a key from its next call. A lowered
 * capacity caps the tokens left at the new capacity; a raised one keeps them and refills towards
 * the new capacity at the new rate. That holds while the period stays the same; after a change of
 * period, or of a limit too large for units of its period (see below), the content left is read
 * in the new limit's units, so for up to one period the bucket may hold fewer or more tokens than
 * were left, never more than the capacity. A value in another format (a bucket of earlier versions of this class,
 * which stored {@code "units stamp capacity perToken perMs"}, or of the Bucket4j-based ones)
 * counts as a full bucket and is overwritten; those versions cannot read this format either, so
 * give a mixed-version cluster distinct {@linkplain Builder#keyPrefix key prefixes}.
 *
 * <p><b>Exact counts.</b> Redis's Lua computes with doubles, exact for integers up to
 * 2<sup>53</sup>, and the script stays within them: nothing is ever rounded. A bucket counts in
 * units of its limit's period, as the JDBC limiter does: one token is the period in milliseconds
 * (in nanoseconds when it is no whole number of them) and a full bucket holds
 * {@code capacity × period} units. Every limit with a period in whole milliseconds and
 * {@code capacity × period in ms} up to 2<sup>52</sup> is accepted this way (75 billion per minute,
 * 52 million per day); larger ones whose capacity and period share factors (10<sup>9</sup> per
 * day) are counted in the refill rate's lowest terms instead. A limit whose bucket would need
 * larger numbers still is refused with {@link IllegalArgumentException} (naming the limit) before
 * Redis is asked.
 *
 * <p><b>Time.</b> Buckets are refilled by the node's {@link Clock} ({@link Builder#clock}), in
 * milliseconds, not by Redis's: keep the nodes' clocks in sync (NTP). Tests pass a clock they move
 * by hand. A node whose clock is behind the bucket's last write neither adds nor removes tokens by
 * it: time before the stored stamp counts as none, and the stamp never moves back.
 *
 * <p><b>When Redis is unreachable.</b> Every call returns within about the
 * {@linkplain Builder#commandTimeout command timeout} (500 ms by default), never hangs; twice
 * that at worst, when a call first waits for a connection, or when Redis has forgotten the script
 * (after a restart) and it is sent again. Then the
 * {@linkplain Builder#failureMode failure mode} decides: {@link FailureMode#FAIL_CLOSED} (the
 * default) throws {@link StorageException}, which the servlet module answers with 503;
 * {@link FailureMode#FAIL_OPEN} lets the request through and logs a warning (at most one every ten
 * seconds, with the number of failures in between). A {@link #release} that cannot reach Redis
 * is logged the same way and never throws, in either mode: the caller's work has already
 * succeeded and the worst case is one token not given back. The limiter connects lazily and
 * reconnects by itself (Lettuce's auto-reconnect): nothing needs rebuilding after Redis comes back.
 *
 * <p><b>Overlapping.</b> {@link #begin} sends the script and returns; the share page looks its
 * link up meanwhile and awaits the decision afterwards, so a page waits for Redis and the
 * database at once rather than one after the other.
 *
 * <p><b>Connections.</b> Built from a {@link RedisURI}, the limiter owns its client and tunes it
 * for the request path (commands fail at once while disconnected instead of queueing, connect
 * and command timeouts at the command timeout, reconnect attempts at most a second apart, and
 * the commands of concurrent requests written to Redis together, in one system call, when
 * several are waiting: Netty's {@code FlushConsolidationHandler}).
 * Built on a host's {@link RedisClient}, it opens one connection of its own on that client and
 * leaves the client's options alone; the command timeout still bounds every call and every
 * connection attempt, but consider {@code ClientOptions.DisconnectedBehavior.REJECT_COMMANDS} on
 * that client, so that commands sent while Redis is away fail at once instead of queueing.
 * {@link #close()} closes what the limiter opened.
 *
 * <p><b>Transport.</b> On Linux, Lettuce uses Netty's native epoll transport, which sharing-redis
 * brings for x86_64 and aarch64 ({@code io.netty:netty-transport-native-epoll}): it costs less CPU
 * per call than Java NIO, in this JVM and in Redis. Exclude {@code netty-transport-native-epoll}
 * to fall back to NIO. A host that manages Netty's version itself (a Spring Boot application, a
 * Netty BOM) must keep that jar at the version of its other Netty jars.
 *
 * <p><b>Thread-safety.</b> Thread-safe; one instance per node is meant to serve every request
 * (Lettuce multiplexes the calls over one connection).
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable {
    /** Longest bucket key accepted, in characters (the prefix not counted). */
    public static final int MAX_KEY = 1024;

    private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);

    /** What a call does when Redis cannot answer within the command timeout. */
    public enum FailureMode {
        /** Let the request through and log a (rate-limited) warning: Redis trouble never blocks an audience. */
        FAIL_OPEN,
        /** Throw {@link StorageException}: no request passes uncounted (the servlet module answers 503). */
        FAIL_CLOSED
    }

    private final Buckets buckets;
    private final String keyPrefix;
    private final FailureMode failureMode;
    private final WarningThrottle warnings = new WarningThrottle(Duration.ofSeconds(10));

    private RedisRateLimiter(Builder b) {
        this.keyPrefix = b.keyPrefix;
        this.failureMode = b.failureMode;
        this.buckets = new Buckets(b.connections(), b.clock, b.keepFullFor);
    }

    /**
     * A builder for a limiter that owns a client connected to {@code uri}. The client is tuned
     * for the request path (see the class comment) and shut down by {@link #close()}.
     */
    public static Builder builder(RedisURI uri) {
        return new Builder(Objects.requireNonNull(uri, "uri"), null);
    }

    /**
     * A builder for a limiter on the host's {@code client}: the limiter opens one connection of
     * its own to {@code uri} on that client, which {@link #close()} closes, and leaves the client
     * and its options alone.
     */
    public static Builder builder(RedisClient client, RedisURI uri) {
        return new Builder(Objects.requireNonNull(uri, "uri"), Objects.requireNonNull(client, "client"));
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the key is empty or too long, or when the limit cannot be
     *                                  counted exactly (see the class comment)
     * @throws StorageException         when Redis cannot answer and the limiter fails closed
     */
    @Override
    public RateLimitDecision tryAcquire(String key, RateLimit limit) {
        return begin(key, limit).await();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Sends the script and returns; {@code await()} waits for Redis's answer within the command
     * timeout, and a Redis failure, at sending or in the answer, is met there as the failure mode
     * says (as by {@link #tryAcquire}).
     *
     * @throws IllegalArgumentException as {@link #tryAcquire}, at once
     */
    @Override
    public Pending begin(String key, RateLimit limit) {
        Buckets.Scale scale = checkArguments(key, limit);
        LuaScript.Sent<byte[], byte[], Long> sent;
        try {
            sent = buckets.take(keyPrefix + key, scale);
        } catch (RuntimeException e) {
            return () -> decide(() -> {
                throw e;
            });
        }
        return new Pending() {
            @Override
            public RateLimitDecision await() {
                return decide(sent::await);
            }

            @Override
            public boolean isDone() {
                return sent.isDone();
            }
        };
    }

    private RateLimitDecision decide(LongSupplier answer) {
        long waitMillis;
        try {
            waitMillis = answer.getAsLong();
        } catch (RuntimeException e) {
            if (!Buckets.isBackendFailure(e)) {
                throw e;
            }
            if (failureMode == FailureMode.FAIL_CLOSED) {
                throw new StorageException("could not count a rate-limited request: Redis did not answer ("
                        + Buckets.describe(e) + ")", e);
            }
            warnings.warn(log, "rate limit not checked, request let through (fail open): Redis did not answer", e);
            return RateLimitDecision.ALLOWED;
        }
        return waitMillis == 0 ? RateLimitDecision.ALLOWED : RateLimitDecision.refused(Duration.ofMillis(Math.max(1, waitMillis)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Never throws when Redis cannot answer (the failure is logged), in either failure mode.
     *
     * @throws IllegalArgumentException as {@link #tryAcquire}
     */
    @Override
    public void release(String key, RateLimit limit) {
        Buckets.Scale scale = checkArguments(key, limit);
        try {
            buckets.giveBack(keyPrefix + key, scale);
        } catch (RuntimeException e) {
            if (!Buckets.isBackendFailure(e)) {
                throw e;
            }
            warnings.warn(log, "rate-limit token not given back: Redis did not answer", e);
        }
    }

    /** The prefix of every Redis key this limiter writes. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** What a call does when Redis cannot answer. */
    public FailureMode failureMode() {
        return failureMode;
    }

    /** Closes the limiter's connection, and its client when the limiter created it. Idempotent. */
    @Override
    public void close() {
        buckets.close();
    }

    @Override
    public String toString() {
        return "RedisRateLimiter[keyPrefix=" + keyPrefix + ", failureMode=" + failureMode + "]";
    }

    private static Buckets.Scale checkArguments(String key, RateLimit limit) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(limit, "limit");
        if (key.isEmpty() || key.length() > MAX_KEY) {
            throw new IllegalArgumentException("rate limit key must be 1.." + MAX_KEY + " characters, was " + key.length());
        }
        return Buckets.Scale.of(limit);
    }

    /**
     * Configures a {@link RedisRateLimiter}. Setters check their argument at once; {@link #build()}
     * connects lazily, so it succeeds while Redis is still down.
     *
     * <pre>{@code
     * RedisRateLimiter limiter = RedisRateLimiter.builder(redisClient, RedisURI.create("redis://redis.internal"))
     *         .keyPrefix("myapp:rl:")
     *         .commandTimeout(Duration.ofMillis(300))
     *         .failureMode(RedisRateLimiter.FailureMode.FAIL_CLOSED)
     *         .build();
     * }</pre>
     *
     * <p>Not thread-safe; build on one thread, then share the limiter.
     */
    public static final class Builder {
        private final RedisURI uri;
        private final RedisClient client;
        private String keyPrefix = "clipshare:rl:";
        private Duration commandTimeout = Duration.ofMillis(500);
        private FailureMode failureMode = FailureMode.FAIL_CLOSED;
        private Duration keepFullFor = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();

        private Builder(RedisURI uri, RedisClient client) {
            this.uri = uri;
            this.client = client;
        }

        /** Prefix of every Redis key of this limiter (default {@code "clipshare:rl:"}); not empty. */
        public Builder keyPrefix(String keyPrefix) {
            Objects.requireNonNull(keyPrefix, "keyPrefix");
            if (keyPrefix.isEmpty()) {
                throw new IllegalArgumentException("keyPrefix must not be empty");
            }
            this.keyPrefix = keyPrefix;
            return this;
        }

        /**
         * Longest a call waits for Redis, including a connection attempt (default 500 ms; between
         * 1 ms and 30 s). Keep it short: it is added to a request whenever Redis is in trouble.
         */
        public Builder commandTimeout(Duration commandTimeout) {
            Objects.requireNonNull(commandTimeout, "commandTimeout");
            if (commandTimeout.compareTo(Duration.ofMillis(1)) < 0 || commandTimeout.compareTo(Duration.ofSeconds(30)) > 0) {
                throw new IllegalArgumentException("commandTimeout must be between 1 ms and 30 s, was " + commandTimeout);
            }
            this.commandTimeout = commandTimeout;
            return this;
        }

        /** What a call does when Redis cannot answer (default {@link FailureMode#FAIL_CLOSED}). */
        public Builder failureMode(FailureMode failureMode) {
            this.failureMode = Objects.requireNonNull(failureMode, "failureMode");
            return this;
        }

        /**
         * How long a bucket stays in Redis after it would be full again (default one minute; zero
         * or more). Only a cost trade-off: a bucket that expired comes back full, which is exactly
         * what it would have been.
         */
        public Builder keepFullFor(Duration keepFullFor) {
            Objects.requireNonNull(keepFullFor, "keepFullFor");
            if (keepFullFor.isNegative()) {
                throw new IllegalArgumentException("keepFullFor must not be negative, was " + keepFullFor);
            }
            this.keepFullFor = keepFullFor;
            return this;
        }

        /** The time source of every bucket decision (default the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** A limiter with these settings. Does not contact Redis. */
        public RedisRateLimiter build() {
            return new RedisRateLimiter(this);
        }

        /** Most commands one write may wait for (Netty's default); fewer are written as soon as the loop's queue is empty. */
        private static final int FLUSH_AFTER = 256;

        private Connections connections() {
            if (client != null) {
                return new Connections(client, null, uri, commandTimeout);
            }
            RedisURI tuned = RedisURI.builder(uri).withTimeout(commandTimeout).build();
            ClientResources resources = ClientResources.builder()
                    .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                    // request threads hand their commands to the connection's event loop one by one;
                    // this lets the loop write all that are queued in one system call (and Redis read
                    // them in one) instead of one write each
                    .nettyCustomizer(new NettyCustomizer() {
                        @Override
                        public void afterChannelInitialized(Channel channel) {
                            channel.pipeline().addFirst(new FlushConsolidationHandler(FLUSH_AFTER, true));
                        }
                    })
                    .build();
            RedisClient owned = RedisClient.create(resources, tuned);
            owned.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).build())
                    // each call waits at most the connection's timeout and cancels a command it stops
                    // waiting for (LuaScript), so no per-command expiry timer on top of it
                    .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                    .build());
            return new Connections(owned, resources, tuned, commandTimeout);
        }
    }
}
