package dev.clipshare.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.clipshare.core.LinksPerTarget;
import dev.clipshare.core.Share;
import dev.clipshare.core.ShareId;
import dev.clipshare.core.StorageException;
import dev.clipshare.testkit.TestShares;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Setting the stores and the pool up: what is refused at once, what is detected, the embedded default. */
class JdbcStoresBuilderTest {

    private static JdbcDataSource h2(String url) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        return ds;
    }

    @Test
    void theBuilderRefusesBadSettingsAtOnceSayingWhatWasWrong() {
        JdbcStores.Builder b = JdbcStores.builder(h2("jdbc:h2:mem:refuse"));

        assertThatThrownBy(() -> JdbcStores.builder(null)).isInstanceOf(NullPointerException.class).hasMessage("dataSource");
        assertThatThrownBy(() -> b.tablePrefix("clip-share_")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'clip-share_'").hasMessageContaining("a-z 0-9 _");
        assertThatThrownBy(() -> b.tablePrefix("x; DROP TABLE users; --")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.tablePrefix("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.tablePrefix("a".repeat(31))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.tablePrefix(null)).isInstanceOf(NullPointerException.class).hasMessage("tablePrefix");
        assertThatThrownBy(() -> b.queryTimeout(Duration.ofMillis(500))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0.5S");
        assertThatThrownBy(() -> b.dialect(null)).isInstanceOf(NullPointerException.class).hasMessage("dialect");
        assertThatThrownBy(() -> b.clock(null)).isInstanceOf(NullPointerException.class).hasMessage("clock");
        assertThatThrownBy(() -> ViewCounting.writeBehind(Duration.ofSeconds(2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10 ms to 1 s, was PT2S");
        assertThatThrownBy(() -> ViewCounting.writeBehind(Duration.ofMillis(5))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDialectIsDetectedFromTheDatabasesProductName() {
        JdbcStores stores = JdbcStores.builder(h2("jdbc:h2:mem:detect")).build();

        assertThat(stores.dialect()).isEqualTo(JdbcDialect.H2);
        assertThat(stores.tablePrefix()).isEqualTo("clipshare_");
        assertThat(JdbcDialect.fromProductName("PostgreSQL")).isEqualTo(JdbcDialect.POSTGRESQL);
        assertThat(JdbcDialect.fromProductName("MySQL")).isEqualTo(JdbcDialect.MYSQL);
        assertThat(JdbcDialect.fromProductName("MariaDB")).isEqualTo(JdbcDialect.MYSQL);
        assertThatThrownBy(() -> JdbcDialect.fromProductName("Oracle")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Oracle'").hasMessageContaining("sharing-testkit");
        assertThat(JdbcDialect.POSTGRESQL.schemaLocation()).isEqualTo("classpath:dev/clipshare/jdbc/schema/postgresql");
        assertThat(JdbcDialect.MYSQL.dropScript()).isEqualTo("dev/clipshare/jdbc/drop/mysql/drop_clipshare_schema.sql");
        stores.close();
    }

    @Test
    void aDatabaseThatCannotBeReachedForDetectionIsAStorageException() {
        JdbcDataSource nowhere = h2("jdbc:h2:tcp://127.0.0.1:1/nowhere");

        assertThatThrownBy(() -> JdbcStores.builder(nowhere).build()).isInstanceOf(StorageException.class)
                .hasMessageContaining("detect the database dialect");
    }

    @Test
    void withoutTheSchemaACallFailsWithAStorageExceptionNotASqlException() {
        JdbcStores stores = JdbcStores.builder(h2("jdbc:h2:mem:empty;DB_CLOSE_DELAY=-1")).dialect(JdbcDialect.H2).build();

        assertThatThrownBy(() -> stores.shareStore().findById(ShareId.random())).isInstanceOf(StorageException.class)
                .hasMessageStartingWith("could not find share").hasCauseInstanceOf(java.sql.SQLException.class);
        stores.close();
    }

    @Test
    void createSchemaIfMissingMakesAnEmbeddedFileDatabaseReadyAndItsLinksSurviveARestart(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("clips").toAbsolutePath();
        Share share;
        try (HikariDataSource pool = JdbcPool.builder(url).build();
             JdbcStores stores = JdbcStores.builder(pool).createSchemaIfMissing(true).build()) {
            share = stores.shareStore().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);
            stores.shareStore().addViews(share.id(), 2);
        }

        try (HikariDataSource pool = JdbcPool.builder(url).build();
             JdbcStores stores = JdbcStores.builder(pool).createSchemaIfMissing(true).build()) {
            assertThat(stores.shareStore().findById(share.id())).get()
                    .satisfies(s -> assertThat(s.viewCount()).as("views written on close").isEqualTo(2))
                    .satisfies(s -> assertThat(s.tokenHash()).isEqualTo(share.tokenHash()));
        }
    }

    @Test
    void tablePrefixesKeepTwoInstallationsInOneDatabaseApart() {
        JdbcDataSource ds = h2("jdbc:h2:mem:prefixes;DB_CLOSE_DELAY=-1");
        JdbcStores a = JdbcStores.builder(ds).tablePrefix("tenant_a_").createSchemaIfMissing(true).build();
        JdbcStores b = JdbcStores.builder(ds).tablePrefix("tenant_b_").createSchemaIfMissing(true).build();

        Share share = a.shareStore().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);

        assertThat(a.shareStore().findById(share.id())).isPresent();
        assertThat(b.shareStore().findById(share.id())).isEmpty();
        a.close();
        b.close();
    }

    @Test
    void theRequestPathPoolWaitsTwoSecondsAtMostAndBoundsTheDriversOwnTimeouts() {
        HikariConfig pg = JdbcPool.builder("jdbc:postgresql://db.internal:5432/app").username("app").password("secret")
                .toHikariConfig();
        HikariConfig maria = JdbcPool.builder("jdbc:mariadb://db.internal:3306/app").maximumPoolSize(4).toHikariConfig();

        assertThat(pg.getConnectionTimeout()).isEqualTo(2_000);
        assertThat(pg.getValidationTimeout()).isEqualTo(1_000);
        assertThat(pg.getMaximumPoolSize()).isEqualTo(10);
        assertThat(pg.getMinimumIdle()).isEqualTo(2);
        assertThat(pg.getLeakDetectionThreshold()).as("leak detection off").isZero();
        assertThat(pg.getDataSourceProperties()).containsEntry("connectTimeout", "2").containsEntry("loginTimeout", "2")
                .containsEntry("cancelSignalTimeout", "2");
        assertThat(maria.getTransactionIsolation()).isEqualTo("TRANSACTION_READ_COMMITTED");
        assertThat(maria.getDataSourceProperties()).containsEntry("connectTimeout", "2000");
        assertThat(maria.getMaximumPoolSize()).isEqualTo(4);
        assertThat(maria.getMinimumIdle()).isEqualTo(2);
    }

    @Test
    void thePoolBuilderRefusesBadSettingsAtOnce() {
        assertThatThrownBy(() -> JdbcPool.builder("postgresql://db/app")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:");
        JdbcPool.Builder b = JdbcPool.builder("jdbc:h2:mem:x");
        assertThatThrownBy(() -> b.maximumPoolSize(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
        assertThatThrownBy(() -> b.connectionTimeout(Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.validationTimeout(Duration.ofSeconds(2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("less than the connection timeout");
        assertThatThrownBy(() -> b.leakDetectionThreshold(Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.minimumIdle(11)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anH2PoolFromTheHelperWorksForTheEmbeddedDefault() throws Exception {
        try (HikariDataSource pool = JdbcPool.builder("jdbc:h2:mem:helper;DB_CLOSE_DELAY=-1").build();
             Connection c = pool.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
            assertThat(pool.getConnectionTimeout()).isEqualTo(2_000);
        }
    }
}
