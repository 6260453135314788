package dev.clipshare.redis;

import dev.clipshare.core.spi.ExportStore;
import dev.clipshare.testkit.ExportStoreContract;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis export store passes the whole export store contract, the multi-node part included. */
class RedisExportStoreTest extends ExportStoreContract<RedisExportStore> {
    @RegisterExtension
    static final TestRedisStores redis = new TestRedisStores();   // a fresh key prefix per test: an empty queue

    @Override
    protected RedisExportStore createStore() {
        return new RedisExportStore(redis.connection(), redis.keyPrefix());
    }

    @Override   // a second node: its own connection, the same queue
    protected Optional<RedisExportStore> createSecondInstance(RedisExportStore first) {
        return Optional.of(new RedisExportStore(redis.secondConnection(), redis.keyPrefix()));
    }
}
