package dev.clipshare.redis;

import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
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
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Redis the tests run against ({@code REDIS_URL}, default {@code redis://127.0.0.1:6379}),
 * shared with whatever else uses it: each test gets its own random key prefix, and its keys are
 * removed after it.
 *
 * <p>Two connections stand for two application nodes. When Redis cannot be reached the tests are
 * skipped, visibly; with {@code CI=true} they fail instead.
 */
final class TestRedisStores implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    private static final String URL = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");

    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private StatefulRedisConnection<String, String> secondConnection;
    private String keyPrefix;
    private String unreachable;

    @Override
    public void beforeAll(ExtensionContext context) {
        RedisURI uri = RedisURI.create(URL);
        uri.setTimeout(Duration.ofSeconds(10));
        client = RedisClient.create(uri);
        try {
            connection = client.connect();
            secondConnection = client.connect();
        } catch (RedisConnectionException e) {
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
        keyPrefix = "clipshare-test:" + UUID.randomUUID() + ":";
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (unreachable != null) {
            return;
        }
        List<String> keys = keysUnderPrefix();
        if (!keys.isEmpty()) {
            connection.sync().unlink(keys.toArray(String[]::new));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.shutdown();   // closes both connections
        }
    }

    RedisClient client() {
        return client;
    }

    /** The first node's connection. */
    StatefulRedisConnection<String, String> connection() {
        return connection;
    }

    /** The second node's connection. */
    StatefulRedisConnection<String, String> secondConnection() {
        return secondConnection;
    }

    /** This test's key prefix: a fresh one per test, so every test starts with no data at all. */
    String keyPrefix() {
        return keyPrefix;
    }

    /** Every key of this test. */
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
