package dev.clipshare.jdbc;

import dev.clipshare.core.spi.ShareStore;
import dev.clipshare.testkit.ShareStoreContract;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole share store contract on H2, on a schema Flyway built from the shipped scripts, with a second node over a second pool. */
@ExtendWith(SkipWithoutDatabase.class)
class H2ShareStoreTest extends ShareStoreContract<JdbcShareStore> {
    private static TestDatabase db;
    private static JdbcStores node1;
    private static JdbcStores node2;

    @BeforeAll
    static void createSchema() {
        db = TestDatabase.create(TestDatabase.Kind.H2);
        db.flyway(JdbcSchema.latestVersion());
        node1 = db.stores("node-1");
        node2 = db.stores("node-2");
    }

    @AfterAll
    static void dropSchema() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected JdbcShareStore createStore() {
        return node1.shareStore();
    }

    @Override
    protected Optional<JdbcShareStore> createSecondInstance(JdbcShareStore first) {
        return Optional.of(node2.shareStore());
    }
}
