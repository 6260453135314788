package dev.clipshare.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipshare.core.LinksPerTarget;
import dev.clipshare.core.PasswordHash;
import dev.clipshare.core.Principal;
import dev.clipshare.core.Share;
import dev.clipshare.core.ShareConflictException;
import dev.clipshare.core.ShareCursor;
import dev.clipshare.core.ShareId;
import dev.clipshare.core.ShareQuery;
import dev.clipshare.core.ShareToken;
import dev.clipshare.core.Target;
import dev.clipshare.core.Visibility;
import dev.clipshare.core.spi.Change;
import dev.clipshare.core.spi.PasswordAttempt;
import dev.clipshare.core.spi.ShareChanges;
import dev.clipshare.core.spi.LibrarySettingsStore;
import dev.clipshare.core.spi.ShareStore;
import dev.clipshare.core.spi.ViewerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What "a {@link ShareStore} works" means, with the {@link ViewerStore} and
 * {@link LibrarySettingsStore} over the same data: the three share-side interfaces, implemented by
 * one class in every store of this project (the type parameter). Every store (in memory, H2, PostgreSQL, MariaDB, your
 * own) proves itself by passing this class through a short subclass:
 *
 * <pre>{@code
 * class RedisShareStoreTest extends ShareStoreContract<RedisShareStore> {
 *     @Override
 *     protected RedisShareStore createStore() {
 *         return new RedisShareStore(redisClient, "test-" + UUID.randomUUID());
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #createStore()} is called before every test. Tests use fresh random ids, targets and
 * libraries, so the store need not be empty. The concurrency tests use up to 20 threads: a store
 * backed by a connection pool should allow a few connections.
 *
 * <p>Optional: {@link #createSecondInstance} for stores meant to be shared by several
 * nodes; when it is not overridden the multi-node test is skipped (visibly, as an assumption).
 */
public abstract class ShareStoreContract<S extends ShareStore & ViewerStore & LibrarySettingsStore>
        extends ShareStoreViewerCases<S> {

    // ------------------------------------------------------------------ many threads on one instance

    @Test
    void concurrentRetriesWithOneIdempotencyKeyStoreOneShare() throws Exception {
        Principal creator = new Principal("user-" + UUID.randomUUID(), "Ada");
        Target target = TestShares.randomTarget();
        List<Share> attempts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            attempts.add(TestShares.share(target).createdBy(creator).idempotencyKey("same").build());
        }

        List<Share> answers = concurrently(attempts.size(), i -> store().insert(attempts.get(i), LinksPerTarget.MULTIPLE));

        assertThat(answers).extracting(Share::id).containsOnly(answers.get(0).id());
        assertThat(store().list(new ShareQuery(target, true, null, 50))).hasSize(1);
    }


    @Test
    void twentyConcurrentInsertsUnderOnePerVisibilityStoreExactlyOne() throws Exception {
        Target target = TestShares.randomTarget();
        List<Share> candidates = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            candidates.add(TestShares.share(target).build());
        }

        List<Object> outcomes = concurrently(20, i -> {
            try {
                return store().insert(candidates.get(i), LinksPerTarget.ONE_PER_VISIBILITY);
            } catch (ShareConflictException e) {
                return e;
            }
        });

        assertThat(outcomes).filteredOn(o -> o instanceof Share).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof ShareConflictException).hasSize(19);
        assertThat(store().list(new ShareQuery(target, true, null, 50))).hasSize(1);
    }


    @Test
    void concurrentPasswordChangesEachBumpTheCredentialVersion() throws Exception {
        Share share = store().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);

        concurrently(10, i -> store().update(share.id(), ShareChanges.none(T0).withPasswordHash(Change.set(TestShares.SAMPLE_HASH))));

        assertThat(store().findById(share.id()).orElseThrow().credentialVersion()).isEqualTo(share.credentialVersion() + 10);
    }

    @Test
    void concurrentUpdatesOfDifferentFieldsBothLand() throws Exception {
        Share share = store().insert(TestShares.share().title("t0").allowDownload(false).build(), LinksPerTarget.MULTIPLE);

        concurrently(2, i -> i == 0
                ? store().update(share.id(), ShareChanges.none(T0).withTitle(Change.set("t1")))
                : store().update(share.id(), ShareChanges.none(T0).withAllowDownload(Change.set(true))));

        Share after = store().findById(share.id()).orElseThrow();
        assertThat(after.title()).isEqualTo("t1");
        assertThat(after.allowDownload()).isTrue();
    }


    @Test
    void eightThreadsAddingAThousandViewsEachCountEightThousand() throws Exception {
        Share share = store().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);

        concurrently(8, i -> {
            for (int v = 0; v < 1000; v++) {
                store().addViews(share.id(), 1);
            }
            return null;
        });

        assertThat(store().findById(share.id()).orElseThrow().viewCount()).isEqualTo(8000);
    }


    @Test
    void twentyConcurrentAttemptsPermitExactlyFiveAndLockOnce() throws Exception {
        Share share = store().insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH).build(), LinksPerTarget.MULTIPLE);

        List<PasswordAttempt> attempts = concurrently(20,
                i -> store().reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10)));

        assertThat(attempts).filteredOn(PasswordAttempt::permitted).hasSize(5);
        assertThat(attempts).filteredOn(PasswordAttempt::locksOnFailure).hasSize(1);
        assertThat(attempts).filteredOn(a -> !a.permitted()).hasSize(15)
                .allSatisfy(a -> assertThat(a.lockedUntil()).isEqualTo(T0.plus(Duration.ofMinutes(10))));
        assertThat(attempts).filteredOn(PasswordAttempt::permitted).extracting(PasswordAttempt::failures)
                .containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    }


//RACES
    // ------------------------------------------------------------------ several nodes (optional)

    @Test
    void aSecondInstanceOverTheSameDataSeesEveryChangeAtOnce() {
        Optional<S> second = createSecondInstance(store());
        Assumptions.assumeTrue(second.isPresent(), "this store is not shared across nodes");
        S other = second.get();
        Share share = store().insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH).build(), LinksPerTarget.ONE_PER_VISIBILITY);

        assertThat(other.findByTokenHash(share.tokenHash())).contains(share);
        assertThatThrownBy(() -> other.insert(TestShares.share(share.target()).build(), LinksPerTarget.ONE_PER_VISIBILITY))
                .isInstanceOf(ShareConflictException.class);
        for (int i = 0; i < 3; i++) {
            store().reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10));
            other.reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10));
        }
        other.addViews(share.id(), 3);
        store().revoke(share.id(), T0);

        Share seen = other.findById(share.id()).orElseThrow();
        assertThat(seen.isRevoked()).isTrue();
        assertThat(seen.viewCount()).isEqualTo(3);
        assertThat(seen.lockedUntil()).isNotNull();
    }

}
