package dev.clipshare.jdbc;

import dev.clipshare.core.spi.ExportStore;
import dev.clipshare.testkit.ExportStoreContract;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole export store contract on PostgreSQL, on a schema Flyway built from the shipped scripts, with a second node over a second pool. */
@ExtendWith(SkipWithoutDatabase.class)
class PostgresExportStoreTest extends ExportStoreContract<JdbcExportStore> {
    private static TestDatabase db;
    private static JdbcStores node1;
    private static JdbcStores node2;

    @BeforeAll
    static void createSchema() {
        db = TestDatabase.create(TestDatabase.Kind.POSTGRESQL);
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
    protected JdbcExportStore createStore() {
        db.deleteExports(); // claims take the oldest job of the whole table: start each test empty
        return node1.exportStore();
    }

    @Override
    protected Optional<JdbcExportStore> createSecondInstance(JdbcExportStore first) {
        return Optional.of(node2.exportStore());
    }
}
