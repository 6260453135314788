package dev.clipshare.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.Export;
import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.LinksPerTarget;
import dev.clipshare.core.Share;
import dev.clipshare.core.ShareToken;
import dev.clipshare.core.Target;
import dev.clipshare.core.spi.ServedShareLookup.ServedShare;
import dev.clipshare.testkit.Concurrently;
import dev.clipshare.testkit.TestShares;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The share page's one round trip: {@link JdbcShareStore#findServed} answers what the two
 * separate reads answer (the share by its token's hash, its target's latest completed export),
 * on H2, PostgreSQL and MariaDB, whatever the target's exports look like.
 */
@ExtendWith(SkipWithoutDatabase.class)
class ServedShareLookupTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final ExportArtifacts ARTIFACTS = new ExportArtifacts(Duration.ofSeconds(8), 1280, 720, 1_000, "h264", "aac", true);

    private TestDatabase db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private JdbcStores stores(TestDatabase.Kind kind) {
        db = TestDatabase.create(kind);
        return db.stores(db.pool("node"), b -> b.createSchemaIfMissing(true));
    }

    private static Export complete(JdbcStores stores, Target target) {
        Export e = stores.exportStore().enqueue(target, null, T0);
        Export claimed = stores.exportStore().claim("w", T0, Duration.ofMinutes(1)).orElseThrow();
        assertThat(claimed.id()).as("the only job is claimed").isEqualTo(e.id());
        stores.exportStore().complete(e.id(), "w", ARTIFACTS, T0);
        return stores.exportStore().find(e.id()).orElseThrow();
    }

    private static void assertSameAsTwoReads(JdbcStores stores, Share share, String state) {
        Optional<ServedShare> joined = stores.shareStore().findServed(share.tokenHash());
        assertThat(joined).as("%s: the share is found", state).isPresent();
        assertThat(joined.get().share()).as("%s: the same share as findByTokenHash", state)
                .isEqualTo(stores.shareStore().findByTokenHash(share.tokenHash()).orElseThrow());
        assertThat(joined.get().servedExport()).as("%s: the same export as latestCompleted", state)
                .isEqualTo(stores.exportStore().latestCompleted(share.target()));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theJoinedReadAnswersWhatTheTwoReadsAnswer(TestDatabase.Kind kind) {
        JdbcStores stores = stores(kind);
        Target target = Target.source("video-" + UUID.randomUUID());
        Share share = stores.shareStore().insert(TestShares.share(target).build(), LinksPerTarget.MULTIPLE);
        Target other = Target.source("video-" + UUID.randomUUID());

        assertSameAsTwoReads(stores, share, "no export");
        stores.exportStore().enqueue(target, null, T0);
        assertSameAsTwoReads(stores, share, "one pending export");
        stores.exportStore().claim("w", T0, Duration.ofMinutes(1));
        stores.exportStore().fail(stores.exportStore().latest(target).orElseThrow().id(), "w", "broken", T0, false);
        Export v2 = complete(stores, target);
        complete(stores, other); // another target's newer export is not this share's
        assertSameAsTwoReads(stores, share, "a failed and a completed export");
        assertThat(stores.shareStore().findServed(share.tokenHash()).orElseThrow().served().version()).isEqualTo(v2.version());
        Export v3 = complete(stores, target);
        stores.exportStore().enqueue(target, null, T0); // v4 pending: v3 stays served
        assertSameAsTwoReads(stores, share, "two completed and one pending");
        assertThat(stores.shareStore().findServed(share.tokenHash()).orElseThrow().served().id()).isEqualTo(v3.id());

        stores.shareStore().revoke(share.id(), T0);
        assertThat(stores.shareStore().findServed(share.tokenHash()).orElseThrow().share().isRevoked())
                .as("a revoked share is found, as findByTokenHash finds it").isTrue();
        assertThat(stores.shareStore().findServed(ShareToken.generate().hash())).as("an unknown token").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aVersionCompletedOnAnotherNodeIsServedAtTheNextView(TestDatabase.Kind kind) {
        JdbcStores viewerNode = stores(kind);
        JdbcStores exportNode = db.stores(db.pool("export-node"), b -> { });
        Target target = Target.source("video-" + UUID.randomUUID());
        Share share = viewerNode.shareStore().insert(TestShares.share(target).build(), LinksPerTarget.MULTIPLE);
        Export v1 = complete(exportNode, target);
        assertThat(viewerNode.shareStore().findServed(share.tokenHash()).orElseThrow().served())
                .as("version 1, read (and kept) by the viewer's node").isEqualTo(v1);
        assertThat(viewerNode.shareStore().findServed(share.tokenHash()).orElseThrow().served())
                .as("version 1 again, from the node's copy").isEqualTo(v1);

        Export v2 = complete(exportNode, target);

        assertThat(viewerNode.shareStore().findServed(share.tokenHash()).orElseThrow().served())
                .as("the next view on the viewer's node serves version 2, completed elsewhere").isEqualTo(v2);
        exportNode.shareStore().revoke(share.id(), T0);
        assertThat(viewerNode.shareStore().findServed(share.tokenHash()).orElseThrow().share().isRevoked())
                .as("a revoke on another node counts at the next view").isTrue();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aShareCreatedAfterItsClipWasExportedServesTheExportAtItsFirstView(TestDatabase.Kind kind) {
        JdbcStores stores = stores(kind);
        Target target = Target.segment("video-" + UUID.randomUUID(), "moment");
        Export v1 = complete(stores, target);
        Export v2 = complete(stores, target);
        stores.exportStore().enqueue(target, null, T0); // v3 pending

        Share share = stores.shareStore().insert(TestShares.share(target).build(), LinksPerTarget.MULTIPLE);
        Share other = stores.shareStore().insert(TestShares.share(Target.source(target.sourceId())).build(), LinksPerTarget.MULTIPLE);

        assertThat(stores.shareStore().findServed(share.tokenHash()).orElseThrow().served())
                .as("the newest completed version, not version 1 and not the pending one").isEqualTo(v2).isNotEqualTo(v1);
        assertThat(stores.shareStore().findServed(other.tokenHash()).orElseThrow().servedExport())
                .as("the whole video is another target, never exported").isEmpty();
    }

    /**
     * Shares created on one node while another node completes the target's export: each share
     * either sees the completed export when it is created or is named by the completion, never
     * neither (creating a share and completing an export take the same counter row first).
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void noShareMissesAnExportCompletedWhileItIsBeingCreated(TestDatabase.Kind kind) throws Exception {
        JdbcStores viewerNode = stores(kind);
        JdbcStores exportNode = db.stores(db.pool("export-node"), b -> { });
        for (int round = 0; round < 20; round++) {
            Target target = Target.source("video-" + UUID.randomUUID());
            Export job = exportNode.exportStore().enqueue(target, null, T0);
            assertThat(exportNode.exportStore().claim("w", T0, Duration.ofMinutes(1)).orElseThrow().id()).isEqualTo(job.id());

            List<Object> done = Concurrently.run(4, i -> i == 0
                    ? exportNode.exportStore().complete(job.id(), "w", ARTIFACTS, T0)
                    : viewerNode.shareStore().insert(TestShares.share(target).build(), LinksPerTarget.MULTIPLE));

            Export completed = exportNode.exportStore().find(job.id()).orElseThrow();
            for (Object made : done.subList(1, done.size())) {
                Share share = (Share) made;
                assertThat(viewerNode.shareStore().findServed(share.tokenHash()).orElseThrow().servedExport())
                        .as("round %d: a share created while its export completed serves it", round).contains(completed);
            }
        }
    }

    /** A share row whose column is empty (stored by a release before schema version 4): its page looks the export up. */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aShareRowThatNamesNoExportIsServedItsTargetsNewestCompletedOne(TestDatabase.Kind kind) {
        JdbcStores stores = stores(kind);
        Target target = Target.source("video-" + UUID.randomUUID());
        Share share = stores.shareStore().insert(TestShares.share(target).build(), LinksPerTarget.MULTIPLE);
        complete(stores, target);
        Export v2 = complete(stores, target);
        db.execute("UPDATE " + TestDatabase.PREFIX + "shares SET served_export_id = NULL");

        assertThat(stores.shareStore().findServed(share.tokenHash()).orElseThrow().servedExport()).contains(v2);
    }
}
