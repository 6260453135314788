package dev.clipshare.redis;

import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Redis the tests share ({@code REDIS_URL}, default {@code redis://127.0.0.1:6379}), used by
 * whatever else runs on the machine: each test class gets its own random key prefix, and its keys
 * are removed after it. When Redis cannot be reached every test is skipped, visibly; with
 * {@code CI=true} it fails instead.
 */
final class TestRedis implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private static final String URL = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");

    private final String keyPrefix = "clipshare-test:" + UUID.randomUUID() + ":rl:";
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private String unreachable;

    @Override
    public void beforeAll(ExtensionContext context) {
        RedisURI uri = uri();
        uri.setTimeout(Duration.ofSeconds(5));
        client = RedisClient.create(uri);
        try {
            connection = client.connect();
        } catch (RedisException e) {
            unreachable = "Redis is not reachable at " + URL + " (" + e.getMessage() + ")";
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // per test, not per class, so that every skipped test is counted as skipped
        if (unreachable != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail(unreachable + "; CI needs it");
            }
            Assumptions.abort(unreachable + "; start redis-server or set REDIS_URL to run this test");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (connection != null) {
            List<String> keys = keysUnderPrefix();
            if (!keys.isEmpty()) {
                connection.sync().unlink(keys.toArray(String[]::new));
            }
        }
        if (client != null) {
            client.shutdown();
        }
    }

    /** Where the shared Redis is. */
    static RedisURI uri() {
        return RedisURI.create(URL);
    }

    /** This class's key prefix, for the limiters under test. */
    String keyPrefix() {
        return keyPrefix;
    }

    /** A plain connection for looking at what the limiters wrote. */
    StatefulRedisConnection<String, String> connection() {
        return connection;
    }

    List<String> keysUnderPrefix() {
        List<String> keys = new ArrayList<>();
        ScanArgs match = ScanArgs.Builder.matches(keyPrefix + "*").limit(500);
        KeyScanCursor<String> cursor = connection.sync().scan(match);
        keys.addAll(cursor.getKeys());
        while (!cursor.isFinished()) {
            cursor = connection.sync().scan(ScanCursor.of(cursor.getCursor()), match);
            keys.addAll(cursor.getKeys());
        }
        return keys;
    }
}
