package dev.clipshare.redis;

import dev.clipshare.core.spi.RateLimiter;
import dev.clipshare.testkit.RateLimiterContract;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Redis limiter passes the whole rate limiter contract, with two nodes: two limiters, each
 * with its own client and connection, on one Redis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisRateLimiterContractTest extends RateLimiterContract {
    @RegisterExtension
    static final TestRedis redis = new TestRedis();

    private RedisRateLimiter node1;
    private RedisRateLimiter node2;

    @Override
    protected RateLimiter createLimiter(Clock clock) {
        node1 = node(clock);
        return node1;
    }

    @Override
    protected Optional<RateLimiter> createSecondInstance(RateLimiter first, Clock clock) {
        node2 = node(clock);
        return Optional.of(node2);
    }

    private static RedisRateLimiter node(Clock clock) {
        return RedisRateLimiter.builder(TestRedis.uri()).keyPrefix(redis.keyPrefix()).clock(clock).build();
    }

    @AfterAll
    void closeNodes() {
        for (RedisRateLimiter node : new RedisRateLimiter[] {node1, node2}) {
            if (node != null) {
                node.close();
            }
        }
    }
}
