package dev.clipshare.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.RateLimit;
import dev.clipshare.core.spi.ExportStore;
import dev.clipshare.core.spi.ShareStore;
import dev.clipshare.testkit.ExportStoreContract;
import dev.clipshare.testkit.ShareStoreContract;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The MySQL dialect through MySQL's own driver (mysql-connector-j), against the local MariaDB
 * (the MySQL protocol): what a host on MySQL runs, short of a MySQL server on these machines.
 * The whole contract, detection, and Bucket4j's MySQL backend with the driver it was built for.
 */
@ExtendWith(SkipWithoutDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlDriverOnMariaDbTest {
    private TestDatabase db;
    private JdbcStores node1;
    private JdbcStores node2;

    @BeforeAll
    void createSchema() {
        db = TestDatabase.create(TestDatabase.Kind.MARIADB);
        String url = "jdbc:mysql://" + db.host() + ":" + db.port() + "/" + db.name() + "?sslMode=DISABLED";
        node1 = db.stores(db.pool(url, "mysql-driver-1", b -> { }), b -> b.createSchemaIfMissing(true));
        node2 = db.stores(db.pool(url, "mysql-driver-2", b -> { }), b -> { });
    }

    @AfterAll
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void mysqlsDriverIsDetectedAsTheMySqlDialectAndItsRateLimiterWorks() {
        String key = "token:" + UUID.randomUUID();

        assertThat(node1.dialect()).isEqualTo(JdbcDialect.MYSQL);
        for (int i = 0; i < 3; i++) {
            assertThat(node1.rateLimiter().tryAcquire(key, RateLimit.perMinute(3)).allowed()).isTrue();
        }
        assertThat(node2.rateLimiter().tryAcquire(key, RateLimit.perMinute(3)).allowed()).isFalse();
    }

    /** The whole share store contract through mysql-connector-j. */
    @Nested
    class ShareContract extends ShareStoreContract<JdbcShareStore> {
        @Override
        protected JdbcShareStore createStore() {
            return node1.shareStore();
        }

        @Override
        protected Optional<JdbcShareStore> createSecondInstance(JdbcShareStore first) {
            return Optional.of(node2.shareStore());
        }
    }

    /** The whole export store contract through mysql-connector-j. */
    @Nested
    class ExportContract extends ExportStoreContract<JdbcExportStore> {
        @Override
        protected JdbcExportStore createStore() {
            db.deleteExports();
            return node1.exportStore();
        }

        @Override
        protected Optional<JdbcExportStore> createSecondInstance(JdbcExportStore first) {
            return Optional.of(node2.exportStore());
        }
    }
}
