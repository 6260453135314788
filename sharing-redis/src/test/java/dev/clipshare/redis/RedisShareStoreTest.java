package dev.clipshare.redis;

import dev.clipshare.core.spi.ShareStore;
import dev.clipshare.testkit.ShareStoreContract;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis share store passes the whole share store contract, the multi-node part included. */
class RedisShareStoreTest extends ShareStoreContract<RedisShareStore> {
    @RegisterExtension
    static final TestRedisStores redis = new TestRedisStores();   // a fresh key prefix per test, keys removed after it

    @Override
    protected RedisShareStore createStore() {
        return new RedisShareStore(redis.connection(), redis.keyPrefix());
    }

    @Override   // a second node: its own connection, the same data
    protected Optional<RedisShareStore> createSecondInstance(RedisShareStore first) {
        return Optional.of(new RedisShareStore(redis.secondConnection(), redis.keyPrefix()));
    }
}
