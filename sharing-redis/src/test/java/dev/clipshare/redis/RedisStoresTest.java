package dev.clipshare.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipshare.core.LinksPerTarget;
import dev.clipshare.core.Principal;
import dev.clipshare.core.Share;
import dev.clipshare.core.ShareConflictException;
import dev.clipshare.core.ShareQuery;
import dev.clipshare.core.StorageException;
import dev.clipshare.core.Target;
import dev.clipshare.core.spi.PasswordAttempt;
import dev.clipshare.core.spi.ShareStore;
import dev.clipshare.testkit.Concurrently;
import dev.clipshare.testkit.TestShares;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Wiring, failures, key hygiene, awkward values and two nodes racing: what the contract does not look at. */
class RedisStoresTest {
    @RegisterExtension
    static final TestRedisStores redis = new TestRedisStores();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void bothStoresShareOneConnectionAndPrefixAndCloseEndsThem() {
        RedisStores stores = RedisStores.connect(redis.client(), redis.keyPrefix());
        Share share = stores.shareStore().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);
        stores.exportStore().enqueue(share.target(), null, T0);

        assertThat(stores.shareStore().keyPrefix()).isEqualTo(redis.keyPrefix());
        assertThat(stores.exportStore().latest(share.target())).isPresent();
        stores.close();
        assertThatThrownBy(() -> stores.shareStore().findById(share.id()))
                .isInstanceOf(StorageException.class);
    }

    @Test
    void storesOverACallersConnectionLeaveItOpen() {
        RedisStores stores = RedisStores.using(redis.connection(), redis.keyPrefix());

        stores.close();

        assertThat(redis.connection().isOpen()).isTrue();
        assertThat(stores.exportStore().latest(Target.source("video-1"))).isEmpty();
    }

    @Test
    void anEmptyPrefixIsRefused() {
        assertThatThrownBy(() -> RedisStores.using(redis.connection(), ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyPrefix");
    }

    @Test
    void deletingSharesLeavesNoKeyBehind() {
        RedisShareStore store = new RedisShareStore(redis.connection(), redis.keyPrefix());
        Share live = store.insert(TestShares.share().idempotencyKey("k-1").build(), LinksPerTarget.ONE_PER_VISIBILITY);
        Share revoked = store.insert(TestShares.share(live.target()).build(), LinksPerTarget.MULTIPLE);
        store.revoke(revoked.id(), T0);
        store.addViews(live.id(), 3);

        store.delete(live.id());
        store.delete(revoked.id());
        store.addViews(live.id(), 1);            // a late view of a deleted share
        store.clearPasswordFailures(live.id());

        assertThat(redis.keysUnderPrefix()).isEmpty();
    }

    @Test
    void theKeysAreTheOnesTheJavadocDescribes() {
        RedisStores stores = RedisStores.using(redis.connection(), redis.keyPrefix());
        Share share = stores.shareStore().insert(TestShares.share().idempotencyKey("k-1").build(), LinksPerTarget.MULTIPLE);
        stores.shareStore().setSharingEnabled(share.libraryId(), true, T0);
        String export = stores.exportStore().enqueue(share.target(), null, T0).id().value();
        String p = redis.keyPrefix();
        String target = share.target().key();

        assertThat(redis.keysUnderPrefix()).containsExactlyInAnyOrder(
                p + "share:" + share.id(), p + "token:" + share.tokenHash().hex(), p + "idem:" + share.createdBy().id(),
                p + "shares:" + target, p + "live:" + target, p + "live-count:" + target, p + "library:" + share.libraryId(),
                p + "export:" + export, p + "exports:" + target, p + "export-queue", p + "export-seq");
    }

    @Test
    void awkwardValuesRoundTripExactly() {
        RedisShareStore store = new RedisShareStore(redis.connection(), redis.keyPrefix());
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("z-last-key-first", "3:abc");
        metadata.put("empty", "");
        metadata.put("a.b", "line\nbreak\t:12:");
        Share share = TestShares.share(Target.segment("video 1:2/3", "4:5/6"))
                .title("")
                .description(null)
                .metadata(metadata)
                .createdBy(new Principal("idem:user", "  Zoë  "))
                .createdAt(Instant.parse("1969-12-31T23:59:59.999Z"))
                .idempotencyKey("k:1")
                .build();

        store.insert(share, LinksPerTarget.MULTIPLE);
        Share read = store.findById(share.id()).orElseThrow();

        assertThat(read).isEqualTo(share);
        assertThat(read.title()).isEmpty();
        assertThat(read.description()).isNull();
        assertThat(read.metadata().keySet()).containsExactly("z-last-key-first", "empty", "a.b");
        assertThat(store.list(ShareQuery.of(share.target()))).containsExactly(share);
    }

    @Test
    void twoNodesFailingAPasswordAtOnceLockItOnce() throws Exception {
        RedisShareStore[] nodes = {new RedisShareStore(redis.connection(), redis.keyPrefix()),
                new RedisShareStore(redis.secondConnection(), redis.keyPrefix())};
        Share share = nodes[0].insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH).build(), LinksPerTarget.MULTIPLE);

        List<PasswordAttempt> attempts = Concurrently.run(20,
                i -> nodes[i % 2].reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10)));

        assertThat(attempts).filteredOn(PasswordAttempt::permitted).hasSize(5);
        assertThat(attempts).filteredOn(PasswordAttempt::locksOnFailure).hasSize(1);
    }

    @Test
    void twoNodesCreatingOneLinkPerVisibilityAtOnceStoreOne() throws Exception {
        RedisShareStore[] nodes = {new RedisShareStore(redis.connection(), redis.keyPrefix()),
                new RedisShareStore(redis.secondConnection(), redis.keyPrefix())};
        Target target = TestShares.randomTarget();

        List<Boolean> stored = Concurrently.run(20, i -> {
            try {
                nodes[i % 2].insert(TestShares.share(target).build(), LinksPerTarget.ONE_PER_VISIBILITY);
                return true;
            } catch (ShareConflictException e) {
                return false;
            }
        });

        assertThat(stored).containsOnlyOnce(true);
        assertThat(nodes[1].list(ShareQuery.of(target))).hasSize(1);
    }
}
