package dev.clipshare.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.clipshare.core.ClipRange;
import dev.clipshare.core.Export;
import dev.clipshare.core.LinksPerTarget;
import dev.clipshare.core.Share;
import dev.clipshare.core.StorageException;
import dev.clipshare.core.Target;
import dev.clipshare.core.spi.ExportStore;
import dev.clipshare.core.spi.ShareStore;
import dev.clipshare.testkit.Concurrently;
import dev.clipshare.testkit.ExportStoreContract;
import dev.clipshare.testkit.ShareStoreContract;
import dev.clipshare.testkit.TestShares;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The shipped scripts on each database (one-line subclasses): the runner creates version 1,
 * links and exports are stored, the runner upgrades to the latest version keeping them, running
 * it again changes nothing, and then the whole storage contract passes on the upgraded schema.
 * Also: Flyway upgrading existing data, a Flyway-made schema left alone by the runner, nodes
 * starting at once, dropping.
 */
@ExtendWith(SkipWithoutDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SchemaTests {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Target FIXTURE = Target.segment("video-legacy", "moment-1");

    TestDatabase db;
    private HikariDataSource pool;
    private JdbcStores node1;
    private JdbcStores node2;
    private Share storedUnderV1;
    private Export exportedUnderV1;
    private int versionAfterV1;
    private boolean claimIndexAfterV1;
    private int versionAfterUpgrade;
    private int versionAfterRerun;
    private Optional<Share> shareAfterUpgrade;
    private Optional<Export> exportAfterUpgrade;
    private Export servedAfterUpgrade;
    private long backfilledAfterUpgrade;
    private boolean sharingAfterUpgrade;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void createVersionOneStoreDataAndUpgrade() {
        db = TestDatabase.create(kind());
        pool = db.pool("schema");
        versionAfterV1 = JdbcSchema.migrate(pool, db.dialect(), TestDatabase.PREFIX, 1);
        claimIndexAfterV1 = db.hasIndex(TestDatabase.PREFIX + "exports", TestDatabase.PREFIX + "exports_claim_idx");

        JdbcStores old = db.stores(pool, b -> { });
        storedUnderV1 = old.shareStore().insert(TestShares.share(FIXTURE).passwordHash(TestShares.SAMPLE_HASH)
                .metadata(Map.of("k", "v")).build(), LinksPerTarget.ONE_PER_VISIBILITY);
        old.shareStore().addViews(storedUnderV1.id(), 3);
        old.shareStore().setSharingEnabled("library-legacy", true, T0);
        Export job = null;
        for (int version = 1; version <= 2; version++) {
            job = old.exportStore().enqueue(FIXTURE, ClipRange.ofMillis(1_000, 9_000), T0);
            old.exportStore().claim("w", T0, Duration.ofMinutes(2));
            // completed as a node of a version-1 release did: the export row alone (no served_export_id yet)
            db.execute("UPDATE " + TestDatabase.PREFIX + "exports SET status = 'COMPLETED', progress = 100, duration_ns = 8000000000,"
                    + " width = 1920, height = 1080, clip_bytes = 3000000, video_codec = 'h264', audio_codec = 'aac', has_hls = "
                    + (kind() == TestDatabase.Kind.MARIADB ? "1" : "TRUE") + ", lease_owner = NULL, lease_until = NULL, completed_at = "
                    + T0.toEpochMilli() + " WHERE id = '" + job.id().value() + "'");
        }
        exportedUnderV1 = old.exportStore().find(job.id()).orElseThrow();

        versionAfterUpgrade = JdbcSchema.migrate(pool, db.dialect(), TestDatabase.PREFIX);
        versionAfterRerun = JdbcSchema.migrate(pool, db.dialect(), TestDatabase.PREFIX);
        node1 = db.stores("node-1");
        node2 = db.stores("node-2");
        shareAfterUpgrade = node1.shareStore().findById(storedUnderV1.id());
        exportAfterUpgrade = node1.exportStore().latestCompleted(FIXTURE);
        servedAfterUpgrade = node2.shareStore().findServed(storedUnderV1.tokenHash()).orElseThrow().served();
        backfilledAfterUpgrade = db.queryLong("SELECT COUNT(*) FROM " + TestDatabase.PREFIX + "shares WHERE served_export_id = '"
                + exportedUnderV1.id().value() + "'");
        sharingAfterUpgrade = node1.shareStore().isSharingEnabled("library-legacy");
    }

    @AfterAll
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void theRunnerUpgradesAVersionOneSchemaKeepingItsLinksAndExports() {
        assertThat(versionAfterV1).isEqualTo(1);
        assertThat(claimIndexAfterV1).as("claim index before V2").isFalse();
        assertThat(versionAfterUpgrade).isEqualTo(JdbcSchema.latestVersion()).isEqualTo(5);
        assertThat(db.hasIndex(TestDatabase.PREFIX + "exports", TestDatabase.PREFIX + "exports_claim_idx")).isTrue();
        assertThat(db.queryLong("SELECT COUNT(*) FROM " + TestDatabase.PREFIX + "rate_limit_buckets"))
                .as("version 1's buckets stay for nodes of the previous release during a rolling upgrade").isNotNegative();
        assertThat(shareAfterUpgrade).get().isEqualTo(new Share(storedUnderV1.id(), storedUnderV1.tokenHash(),
                storedUnderV1.sealedToken(), storedUnderV1.libraryId(), storedUnderV1.target(), storedUnderV1.visibility(),
                storedUnderV1.title(), storedUnderV1.description(), storedUnderV1.metadata(), storedUnderV1.passwordHash(),
                storedUnderV1.allowDownload(), storedUnderV1.expiresAt(), storedUnderV1.createdBy(), storedUnderV1.createdAt(),
                storedUnderV1.updatedAt(), null, 0, 3, 0, null, null));
        assertThat(exportAfterUpgrade).contains(exportedUnderV1);
        assertThat(servedAfterUpgrade).as("the newest of the exports completed before the upgrade").isEqualTo(exportedUnderV1);
        assertThat(exportedUnderV1.version()).isEqualTo(2);
        assertThat(backfilledAfterUpgrade).as("V5 names it on the share's row").isEqualTo(1);
        assertThat(sharingAfterUpgrade).isTrue();
    }

    @Test
    void runningTheRunnerAgainChangesNothing() {
        assertThat(versionAfterRerun).isEqualTo(JdbcSchema.latestVersion());
        assertThat(db.queryLong("SELECT COUNT(*) FROM " + TestDatabase.PREFIX + "schema_version")).isEqualTo(5);
        assertThat(JdbcSchema.migrate(pool, db.dialect(), TestDatabase.PREFIX)).isEqualTo(5);
        assertThat(node1.shareStore().findById(storedUnderV1.id())).isPresent();
    }

    @Test
    void nodesStartingAtOnceCreateTheSchemaOnce() throws Exception {
        List<Integer> versions = Concurrently.run(4, i -> JdbcSchema.migrate(db.pool("start-" + i), db.dialect(), "race_"));

        assertThat(versions).containsOnly(5);
        assertThat(db.queryLong("SELECT COUNT(*) FROM race_schema_version")).isEqualTo(5);
        JdbcStores stores = db.stores(pool, b -> b.tablePrefix("race_"));
        Share share = stores.shareStore().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);
        assertThat(stores.shareStore().findById(share.id())).contains(share);
    }

    @Test
    void flywayUpgradesAVersionOneSchemaWithDataInIt() {
        db.flyway("fly_", 1);
        JdbcStores stores = db.stores(pool, b -> b.tablePrefix("fly_"));
        Share share = stores.shareStore().insert(TestShares.share().build(), LinksPerTarget.ONE_PER_VISIBILITY);

        db.flyway("fly_", 5);

        assertThat(db.hasIndex("fly_exports", "fly_exports_claim_idx")).isTrue();
        assertThat(stores.shareStore().findById(share.id())).contains(share);
    }

    @Test
    void aSchemaMadeByFlywayIsLeftToFlyway() {
        db.flyway("fw_", 5);

        int version = JdbcSchema.migrate(pool, db.dialect(), "fw_");
        JdbcStores stores = db.stores(pool, b -> b.tablePrefix("fw_").createSchemaIfMissing(true));

        assertThat(version).isEqualTo(-1);
        assertThatThrownBy(() -> db.queryLong("SELECT COUNT(*) FROM fw_schema_version")).isInstanceOf(IllegalStateException.class);
        Share share = stores.shareStore().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);
        assertThat(stores.shareStore().findById(share.id())).contains(share);
    }

    @Test
    void dropRemovesEveryTableAndTheRunnerCreatesThemAgain() {
        JdbcStores stores = db.stores(pool, b -> b.tablePrefix("gone_").createSchemaIfMissing(true));
        Share share = stores.shareStore().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);

        JdbcSchema.drop(pool, db.dialect(), "gone_");

        assertThatThrownBy(() -> stores.shareStore().findById(share.id())).isInstanceOf(StorageException.class);
        assertThat(JdbcSchema.migrate(pool, db.dialect(), "gone_")).isEqualTo(5);
        assertThat(stores.shareStore().findById(share.id())).isEmpty();
    }

    @Test
    void theScriptsCarryTheConfiguredPrefixAndNothingElseToFillIn() {
        for (int v = 1; v <= JdbcSchema.latestVersion(); v++) {
            String sql = JdbcSchema.script(db.dialect(), v, "acme_");
            assertThat(sql).doesNotContain("${").containsPattern("acme_(exports|rate_limits|shares)");
        }
        assertThat(JdbcSchema.script(db.dialect(), 1, "acme_")).contains("acme_shares").contains("acme_rate_limit_buckets");
    }

    /** The whole share store contract on the upgraded schema. */
    @Nested
    class ShareContractAfterUpgrade extends ShareStoreContract<JdbcShareStore> {
        @Override
        protected JdbcShareStore createStore() {
            return node1.shareStore();
        }

        @Override
        protected Optional<JdbcShareStore> createSecondInstance(JdbcShareStore first) {
            return Optional.of(node2.shareStore());
        }
    }

    /** The whole export store contract on the upgraded schema. */
    @Nested
    class ExportContractAfterUpgrade extends ExportStoreContract<JdbcExportStore> {
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
