package dev.clipshare.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import dev.clipshare.core.spi.SharingStores;
import java.util.Objects;

/**
 * Both Redis stores over one connection and one key prefix: the usual way to wire them.
 *
 * <pre>{@code
 * RedisClient client = RedisClient.create("redis://127.0.0.1:6379?timeout=2s");   // a page waits 2 s at most, then 503
 * RedisStores redis = RedisStores.connect(client, "clipshare:");
 * Sharing sharing = Sharing.builder()
 *         .stores(redis)
 *         ...
 *         .build();
 * // on shutdown: redis.close(); client.shutdown();
 * }</pre>
 *
 * <p>One Lettuce connection is enough for a whole node: it is thread-safe and pipelines the
 * commands of concurrent requests, and the stores never use connection-bound state such as
 * {@code MULTI}. Every node of a cluster connects to the same Redis with the same prefix.
 *
 * <p>Thread-safe and immutable.
 */
public final class RedisStores implements SharingStores.Paired<RedisShareStore, RedisExportStore>, AutoCloseable {
    private final StatefulRedisConnection<String, String> connection;
    private final boolean ownsConnection;
    private final RedisShareStore shareStore;
    private final RedisExportStore exportStore;

    private RedisStores(StatefulRedisConnection<String, String> connection, boolean ownsConnection, String keyPrefix) {
        this.connection = connection;
        this.ownsConnection = ownsConnection;
        this.shareStore = new RedisShareStore(connection, keyPrefix);
        this.exportStore = new RedisExportStore(connection, keyPrefix);
    }

    /**
     * Opens a connection with {@code client}; {@link #close()} closes it again.
     *
     * @param keyPrefix starts every key the stores write, e.g. {@code "clipshare:"}
     * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
     */
    public static RedisStores connect(RedisClient client, String keyPrefix) {
        Objects.requireNonNull(client, "client");
        checkPrefix(keyPrefix);
        return new RedisStores(client.connect(), true, keyPrefix);
    }

    /** Uses a connection the caller opened and will close; {@link #close()} leaves it open. */
    public static RedisStores using(StatefulRedisConnection<String, String> connection, String keyPrefix) {
        return new RedisStores(Objects.requireNonNull(connection, "connection"), false, keyPrefix);
    }

    /** The share store (links, their counters, the sharing switches). */
    public RedisShareStore shareStore() {
        return shareStore;
    }

    /** The export store and job queue. */
    public RedisExportStore exportStore() {
        return exportStore;
    }

    /** Closes the connection if {@link #connect} opened it. */
    @Override
    public void close() {
        if (ownsConnection) {
            connection.close();
        }
    }

    static String checkPrefix(String keyPrefix) {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (keyPrefix.isEmpty()) {
            throw new IllegalArgumentException("keyPrefix must not be empty: the stores would share Redis' key space with everything else");
        }
        return keyPrefix;
    }
}
