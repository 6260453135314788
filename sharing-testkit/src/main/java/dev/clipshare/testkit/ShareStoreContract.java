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
public abstract class ShareStoreContract<S extends ShareStore & ViewerStore & LibrarySettingsStore> {
    /** The instant tests start at. */
    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private S store;

    /** A store for one test. */
    protected abstract S createStore();

    /**
     * A second, independent instance over the same backing data (what a second application node
     * would build), or empty when the store is not shared across nodes.
     */
    protected Optional<S> createSecondInstance(S first) {
        return Optional.empty();
    }

    @BeforeEach
    void setUpStore() {
        store = createStore();
    }

    /** The store under test. */
    protected S store() {
        return store;
    }

    // ------------------------------------------------------------------ insert and find

    @Test
    void insertThenFindByIdAndByTokenHashReturnTheSameShare() {
        TestShares builder = TestShares.share();
        Share share = builder.build();

        Share stored = store.insert(share, LinksPerTarget.MULTIPLE);

        assertThat(stored).isEqualTo(share);
        assertThat(store.findById(share.id())).contains(share);
        assertThat(store.findByTokenHash(builder.token().hash())).contains(share);
    }

    @Test
    void insertedShareKeepsEveryField() {
        Share share = TestShares.share(Target.segment("video-" + UUID.randomUUID(), "moment/with:odd#chars ü"))
                .visibility(Visibility.PRIVATE)
                .title("Très <b>bien</b> — \"quoted\" 'single' 🎬")
                .description("line one\nline two\twith tab")
                .metadata(Map.of("project", "alpha", "reel.id", "R-42"))
                .passwordHash(TestShares.SAMPLE_HASH)
                .allowDownload(true)
                .expiresAt(T0.plus(Duration.ofDays(7)))
                .createdBy(new Principal("user-ü-1", "Zoë O'Brien"))
                .createdAt(T0.plusMillis(123))
                .idempotencyKey("key-" + UUID.randomUUID())
                .build();

        store.insert(share, LinksPerTarget.MULTIPLE);

        assertThat(store.findById(share.id())).contains(share);
    }

    @Test
    void findUnknownIdOrTokenHashIsEmpty() {
        assertThat(store.findById(ShareId.random())).isEmpty();
        assertThat(store.findByTokenHash(ShareToken.generate().hash())).isEmpty();
    }

    @Test
    void insertWithSameIdempotencyKeyBySameCreatorReturnsTheFirstShare() {
        Principal creator = new Principal("user-" + UUID.randomUUID(), "Ada");
        Target target = TestShares.randomTarget();
        Share first = TestShares.share(target).createdBy(creator).idempotencyKey("create-1").build();
        Share retry = TestShares.share(target).createdBy(creator).idempotencyKey("create-1").build();

        store.insert(first, LinksPerTarget.MULTIPLE);
        Share answer = store.insert(retry, LinksPerTarget.MULTIPLE);

        assertThat(answer).isEqualTo(first);
        assertThat(store.findById(retry.id())).isEmpty();
        assertThat(store.list(new ShareQuery(target, true, null, 10))).containsExactly(first);
    }

    @Test
    void sameIdempotencyKeyFromAnotherCreatorCreatesAnotherShare() {
        Target target = TestShares.randomTarget();
        Share mine = TestShares.share(target).idempotencyKey("create-1").build();
        Share theirs = TestShares.share(target).idempotencyKey("create-1").build();

        store.insert(mine, LinksPerTarget.MULTIPLE);
        Share answer = store.insert(theirs, LinksPerTarget.MULTIPLE);

        assertThat(answer).isEqualTo(theirs);
        assertThat(store.list(ShareQuery.of(target))).hasSize(2);
    }

    @Test
    void concurrentRetriesWithOneIdempotencyKeyStoreOneShare() throws Exception {
        Principal creator = new Principal("user-" + UUID.randomUUID(), "Ada");
        Target target = TestShares.randomTarget();
        List<Share> attempts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            attempts.add(TestShares.share(target).createdBy(creator).idempotencyKey("same").build());
        }

        List<Share> answers = concurrently(attempts.size(), i -> store.insert(attempts.get(i), LinksPerTarget.MULTIPLE));

        assertThat(answers).extracting(Share::id).containsOnly(answers.get(0).id());
        assertThat(store.list(new ShareQuery(target, true, null, 50))).hasSize(1);
    }

    // ------------------------------------------------------------------ one per visibility

    @Test
    void onePerVisibilityRefusesASecondActiveShareOfTheSameVisibility() {
        Target target = TestShares.randomTarget();
        Share first = TestShares.share(target).build();
        store.insert(first, LinksPerTarget.ONE_PER_VISIBILITY);

        Share second = TestShares.share(target).build();
        assertThatThrownBy(() -> store.insert(second, LinksPerTarget.ONE_PER_VISIBILITY))
                .isInstanceOf(ShareConflictException.class);
        assertThat(store.findById(second.id())).isEmpty();
        assertThat(store.findByTokenHash(second.tokenHash())).isEmpty();
    }

    /** Active = not revoked and not expired at the insert's now; expired holders are revoked by the insert. */
    @Test
    void onePerVisibilityNamesTheActiveLinkAndAnExpiredOneGivesWayForGood() {
        Target target = TestShares.randomTarget();
        Share first = store.insert(TestShares.share(target).createdAt(T0).expiresAt(T0.plusSeconds(60)).build(),
                LinksPerTarget.ONE_PER_VISIBILITY);
        assertThatThrownBy(() -> store.insert(TestShares.share(target).createdAt(T0.plusSeconds(59)).build(),
                LinksPerTarget.ONE_PER_VISIBILITY)).isInstanceOfSatisfying(ShareConflictException.class,
                e -> assertThat(e.existingShareId()).as("the link in the way").contains(first.id()));

        Share second = TestShares.share(target).createdAt(T0.plusSeconds(60)).build();
        assertThat(store.insert(second, LinksPerTarget.ONE_PER_VISIBILITY)).isEqualTo(second);

        Share retired = store.findById(first.id()).orElseThrow();
        assertThat(retired.revokedAt()).as("the expired link is revoked by the insert").isEqualTo(T0.plusSeconds(60));
        assertThat(retired.credentialVersion()).isEqualTo(first.credentialVersion() + 1);
        assertThat(store.list(ShareQuery.of(target))).containsExactly(second);
        assertThatThrownBy(() -> store.insert(TestShares.share(target).createdAt(T0.plusSeconds(61)).build(),
                LinksPerTarget.ONE_PER_VISIBILITY)).isInstanceOfSatisfying(ShareConflictException.class,
                e -> assertThat(e.existingShareId()).contains(second.id()));
    }

    @Test
    void onePerVisibilityAllowsTheOtherVisibilityAndOtherTargets() {
        Target target = TestShares.randomTarget();
        Target segment = Target.segment(target.sourceId(), "moment-1");
        store.insert(TestShares.share(target).build(), LinksPerTarget.ONE_PER_VISIBILITY);

        store.insert(TestShares.share(target).visibility(Visibility.PRIVATE).build(), LinksPerTarget.ONE_PER_VISIBILITY);
        store.insert(TestShares.share(segment).build(), LinksPerTarget.ONE_PER_VISIBILITY);

        assertThat(store.list(ShareQuery.of(target))).hasSize(2);
        assertThat(store.list(ShareQuery.of(segment))).hasSize(1);
    }

    @Test
    void onePerVisibilityAllowsANewShareOnceTheOldOneIsRevoked() {
        Target target = TestShares.randomTarget();
        Share first = store.insert(TestShares.share(target).build(), LinksPerTarget.ONE_PER_VISIBILITY);
        store.revoke(first.id(), T0.plusSeconds(5));

        Share second = TestShares.share(target).build();
        store.insert(second, LinksPerTarget.ONE_PER_VISIBILITY);

        assertThat(store.list(ShareQuery.of(target))).containsExactly(second);
    }

    @Test
    void onePerVisibilityAllowsANewShareOnceTheOldOneIsDeleted() {
        Target target = TestShares.randomTarget();
        Share first = store.insert(TestShares.share(target).build(), LinksPerTarget.ONE_PER_VISIBILITY);
        store.delete(first.id());

        Share second = TestShares.share(target).build();
        assertThat(store.insert(second, LinksPerTarget.ONE_PER_VISIBILITY)).isEqualTo(second);
    }

    @Test
    void onePerVisibilityAlsoCountsLinksCreatedBeforeThePolicyWasSwitchedOn() {
        Target target = TestShares.randomTarget();
        store.insert(TestShares.share(target).build(), LinksPerTarget.MULTIPLE);
        store.insert(TestShares.share(target).build(), LinksPerTarget.MULTIPLE);

        assertThatThrownBy(() -> store.insert(TestShares.share(target).build(), LinksPerTarget.ONE_PER_VISIBILITY))
                .isInstanceOf(ShareConflictException.class);
        assertThat(store.list(ShareQuery.of(target))).hasSize(2);
    }

    @Test
    void anIdempotencyKeyIsFreeAgainOnceItsShareIsDeleted() {
        Principal creator = new Principal("user-" + UUID.randomUUID(), "Ada");
        Target target = TestShares.randomTarget();
        Share first = store.insert(TestShares.share(target).createdBy(creator).idempotencyKey("k").build(), LinksPerTarget.MULTIPLE);
        store.delete(first.id());

        Share second = TestShares.share(target).createdBy(creator).idempotencyKey("k").build();

        assertThat(store.insert(second, LinksPerTarget.MULTIPLE)).isEqualTo(second);
    }

    @Test
    void multipleLinksPolicyStoresManySharesPerTarget() {
        Target target = TestShares.randomTarget();
        for (int i = 0; i < 3; i++) {
            store.insert(TestShares.share(target).build(), LinksPerTarget.MULTIPLE);
        }
        assertThat(store.list(ShareQuery.of(target))).hasSize(3);
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
                return store.insert(candidates.get(i), LinksPerTarget.ONE_PER_VISIBILITY);
            } catch (ShareConflictException e) {
                return e;
            }
        });

        assertThat(outcomes).filteredOn(o -> o instanceof Share).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof ShareConflictException).hasSize(19);
        assertThat(store.list(new ShareQuery(target, true, null, 50))).hasSize(1);
    }

    // ------------------------------------------------------------------ list

    @Test
    void listReturnsNewestFirstAndPagesWithACursor() {
        Target target = TestShares.randomTarget();
        List<Share> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(store.insert(TestShares.share(target).createdAt(T0.plusSeconds(i)).build(), LinksPerTarget.MULTIPLE));
        }
        // two shares in the same millisecond: ordered by id, descending
        Share twinA = TestShares.share(target).id(new ShareId("AAAA-twin")).createdAt(T0.plusSeconds(10)).build();
        Share twinB = TestShares.share(target).id(new ShareId("BBBB-twin")).createdAt(T0.plusSeconds(10)).build();
        store.insert(twinA, LinksPerTarget.MULTIPLE);
        store.insert(twinB, LinksPerTarget.MULTIPLE);

        List<Share> first = store.list(ShareQuery.of(target).withLimit(3));
        List<Share> second = store.list(ShareQuery.of(target).withLimit(3).withAfter(ShareCursor.after(first.get(2))));
        List<Share> third = store.list(ShareQuery.of(target).withLimit(3).withAfter(ShareCursor.after(second.get(2))));

        assertThat(first).containsExactly(twinB, twinA, created.get(4));
        assertThat(second).containsExactly(created.get(3), created.get(2), created.get(1));
        assertThat(third).containsExactly(created.get(0));
    }

    @Test
    void listLeavesOutRevokedSharesUnlessAskedAndOtherTargets() {
        Target target = TestShares.randomTarget();
        Share live = store.insert(TestShares.share(target).createdAt(T0).build(), LinksPerTarget.MULTIPLE);
        Share revoked = store.insert(TestShares.share(target).createdAt(T0.plusSeconds(1)).build(), LinksPerTarget.MULTIPLE);
        store.insert(TestShares.share(Target.segment(target.sourceId(), "m1")).build(), LinksPerTarget.MULTIPLE);
        store.insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);
        Share afterRevoke = store.revoke(revoked.id(), T0.plusSeconds(2)).orElseThrow();

        assertThat(store.list(ShareQuery.of(target))).containsExactly(live);
        assertThat(store.list(ShareQuery.of(target).withRevoked(true))).containsExactly(afterRevoke, live);
    }

    // ------------------------------------------------------------------ update

    @Test
    void updateWritesOnlyTheFieldsItChanges() {
        Share share = store.insert(TestShares.share().title("Old").description("Keep me")
                .metadata(Map.of("a", "1")).allowDownload(false).build(), LinksPerTarget.MULTIPLE);
        Instant later = T0.plusSeconds(60);

        Share updated = store.update(share.id(), ShareChanges.none(later)
                .withTitle(Change.set("New"))
                .withAllowDownload(Change.set(true))
                .withMetadata(Change.set(Map.of("b", "2")))).orElseThrow();

        assertThat(updated.title()).isEqualTo("New");
        assertThat(updated.allowDownload()).isTrue();
        assertThat(updated.metadata()).containsExactly(Map.entry("b", "2"));
        assertThat(updated.description()).isEqualTo("Keep me");
        assertThat(updated.updatedAt()).isEqualTo(later);
        assertThat(updated.credentialVersion()).isEqualTo(share.credentialVersion());
        assertThat(store.findById(share.id())).contains(updated);
    }

    @Test
    void updateClearsTitlePasswordAndExpiry() {
        Share share = store.insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH)
                .expiresAt(T0.plus(Duration.ofDays(1))).build(), LinksPerTarget.MULTIPLE);

        Share updated = store.update(share.id(), ShareChanges.none(T0)
                .withTitle(Change.clear())
                .withPasswordHash(Change.clear())
                .withExpiresAt(Change.clear())).orElseThrow();

        assertThat(updated.title()).isNull();
        assertThat(updated.passwordHash()).isNull();
        assertThat(updated.expiresAt()).isNull();
        assertThat(updated.credentialVersion()).isEqualTo(share.credentialVersion() + 1);
    }

    @Test
    void updateOfThePasswordBumpsTheCredentialVersionInTheSameWrite() {
        Share share = store.insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);
        PasswordHash other = new PasswordHash("$2a$10$" + "x".repeat(53));

        Share once = store.update(share.id(), ShareChanges.none(T0).withPasswordHash(Change.set(TestShares.SAMPLE_HASH))).orElseThrow();
        Share twice = store.update(share.id(), ShareChanges.none(T0).withPasswordHash(Change.set(other))).orElseThrow();

        assertThat(once.passwordHash()).isEqualTo(TestShares.SAMPLE_HASH);
        assertThat(once.credentialVersion()).isEqualTo(share.credentialVersion() + 1);
        assertThat(twice.passwordHash()).isEqualTo(other);
        assertThat(twice.credentialVersion()).isEqualTo(share.credentialVersion() + 2);
    }

    @Test
    void concurrentPasswordChangesEachBumpTheCredentialVersion() throws Exception {
        Share share = store.insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);

        concurrently(10, i -> store.update(share.id(), ShareChanges.none(T0).withPasswordHash(Change.set(TestShares.SAMPLE_HASH))));

        assertThat(store.findById(share.id()).orElseThrow().credentialVersion()).isEqualTo(share.credentialVersion() + 10);
    }

    @Test
    void concurrentUpdatesOfDifferentFieldsBothLand() throws Exception {
        Share share = store.insert(TestShares.share().title("t0").allowDownload(false).build(), LinksPerTarget.MULTIPLE);

        concurrently(2, i -> i == 0
                ? store.update(share.id(), ShareChanges.none(T0).withTitle(Change.set("t1")))
                : store.update(share.id(), ShareChanges.none(T0).withAllowDownload(Change.set(true))));

        Share after = store.findById(share.id()).orElseThrow();
        assertThat(after.title()).isEqualTo("t1");
        assertThat(after.allowDownload()).isTrue();
    }

    @Test
    void updateLeavesViewsAndPasswordFailuresAlone() {
        Share share = store.insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);
        store.addViews(share.id(), 7);
        store.reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10));

        Share updated = store.update(share.id(), ShareChanges.none(T0).withTitle(Change.set("x"))).orElseThrow();

        assertThat(updated.viewCount()).isEqualTo(7);
        assertThat(updated.failedAttempts()).isEqualTo(1);
    }

    @Test
    void updateOfAnUnknownShareIsEmpty() {
        assertThat(store.update(ShareId.random(), ShareChanges.none(T0).withTitle(Change.set("x")))).isEmpty();
    }

    // ------------------------------------------------------------------ revoke and delete

    @Test
    void revokeSetsTheTimeBumpsTheCredentialVersionAndIsIdempotent() {
        Share share = store.insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);

        Share revoked = store.revoke(share.id(), T0.plusSeconds(30)).orElseThrow();
        Share again = store.revoke(share.id(), T0.plusSeconds(90)).orElseThrow();

        assertThat(revoked.revokedAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(revoked.credentialVersion()).isEqualTo(share.credentialVersion() + 1);
        assertThat(again).isEqualTo(revoked);
        assertThat(store.findByTokenHash(share.tokenHash())).contains(revoked);
    }

    @Test
    void revokeOfAnUnknownShareIsEmpty() {
        assertThat(store.revoke(ShareId.random(), T0)).isEmpty();
    }

    @Test
    void deleteRemovesTheShareAndItsTokenLookup() {
        Share share = store.insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);

        assertThat(store.delete(share.id())).isTrue();
        assertThat(store.findById(share.id())).isEmpty();
        assertThat(store.findByTokenHash(share.tokenHash())).isEmpty();
        assertThat(store.delete(share.id())).isFalse();
    }

    // ------------------------------------------------------------------ views

    @Test
    void addViewsIncrementsTheCount() {
        Share share = store.insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);

        store.addViews(share.id(), 1);
        store.addViews(share.id(), 41);
        store.addViews(ShareId.random(), 5);

        assertThat(store.findById(share.id()).orElseThrow().viewCount()).isEqualTo(42);
    }

    @Test
    void eightThreadsAddingAThousandViewsEachCountEightThousand() throws Exception {
        Share share = store.insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);

        concurrently(8, i -> {
            for (int v = 0; v < 1000; v++) {
                store.addViews(share.id(), 1);
            }
            return null;
        });

        assertThat(store.findById(share.id()).orElseThrow().viewCount()).isEqualTo(8000);
    }

    // ------------------------------------------------------------------ password attempts

    @Test
    void passwordAttemptsAreCountedAndTheLastAllowedOneSetsTheLock() {
        Share share = store.insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH).build(), LinksPerTarget.MULTIPLE);
        Duration lockout = Duration.ofMinutes(10);

        for (int i = 1; i <= 4; i++) {
            PasswordAttempt a = store.reservePasswordAttempt(share.id(), T0, 5, lockout);
            assertThat(a.permitted()).isTrue();
            assertThat(a.failures()).isEqualTo(i);
            assertThat(a.lockedUntil()).isNull();
        }
        PasswordAttempt fifth = store.reservePasswordAttempt(share.id(), T0.plusSeconds(1), 5, lockout);
        PasswordAttempt sixth = store.reservePasswordAttempt(share.id(), T0.plusSeconds(2), 5, lockout);

        assertThat(fifth.permitted()).isTrue();
        assertThat(fifth.locksOnFailure()).isTrue();
        assertThat(fifth.lockedUntil()).isEqualTo(T0.plusSeconds(1).plus(lockout));
        assertThat(sixth.permitted()).isFalse();
        assertThat(sixth.lockedUntil()).isEqualTo(fifth.lockedUntil());
        assertThat(store.findById(share.id()).orElseThrow().lockedUntil()).isEqualTo(fifth.lockedUntil());
    }

    @Test
    void aLockEndsOnTimeAndTheCountStartsAgain() {
        Share share = store.insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH).build(), LinksPerTarget.MULTIPLE);
        Duration lockout = Duration.ofMinutes(10);
        for (int i = 0; i < 3; i++) {
            store.reservePasswordAttempt(share.id(), T0, 3, lockout);
        }

        PasswordAttempt stillLocked = store.reservePasswordAttempt(share.id(), T0.plus(lockout).minusMillis(1), 3, lockout);
        PasswordAttempt afterLock = store.reservePasswordAttempt(share.id(), T0.plus(lockout), 3, lockout);

        assertThat(stillLocked.permitted()).isFalse();
        assertThat(afterLock.permitted()).isTrue();
        assertThat(afterLock.failures()).isEqualTo(1);
        assertThat(afterLock.lockedUntil()).isNull();
    }

    @Test
    void clearingPasswordFailuresEndsTheLock() {
        Share share = store.insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH).build(), LinksPerTarget.MULTIPLE);
        for (int i = 0; i < 5; i++) {
            store.reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10));
        }

        store.clearPasswordFailures(share.id());

        Share after = store.findById(share.id()).orElseThrow();
        assertThat(after.failedAttempts()).isZero();
        assertThat(after.lockedUntil()).isNull();
        assertThat(store.reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10)).failures()).isEqualTo(1);
    }

    @Test
    void twentyConcurrentAttemptsPermitExactlyFiveAndLockOnce() throws Exception {
        Share share = store.insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH).build(), LinksPerTarget.MULTIPLE);

        List<PasswordAttempt> attempts = concurrently(20,
                i -> store.reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10)));

        assertThat(attempts).filteredOn(PasswordAttempt::permitted).hasSize(5);
        assertThat(attempts).filteredOn(PasswordAttempt::locksOnFailure).hasSize(1);
        assertThat(attempts).filteredOn(a -> !a.permitted()).hasSize(15)
                .allSatisfy(a -> assertThat(a.lockedUntil()).isEqualTo(T0.plus(Duration.ofMinutes(10))));
        assertThat(attempts).filteredOn(PasswordAttempt::permitted).extracting(PasswordAttempt::failures)
                .containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    }

    // ------------------------------------------------------------------ library switch

    @Test
    void sharingIsOffForAnUnknownLibraryAndTogglesPerLibrary() {
        String library = "library-" + UUID.randomUUID();
        String other = "library-" + UUID.randomUUID();

        assertThat(store.isSharingEnabled(library)).isFalse();
        store.setSharingEnabled(library, true, T0);
        assertThat(store.isSharingEnabled(library)).isTrue();
        assertThat(store.isSharingEnabled(other)).isFalse();
        store.setSharingEnabled(library, true, T0.plusSeconds(1));
        store.setSharingEnabled(library, false, T0.plusSeconds(2));
        assertThat(store.isSharingEnabled(library)).isFalse();
    }

    // ------------------------------------------------------------------ several nodes (optional)

    @Test
    void aSecondInstanceOverTheSameDataSeesEveryChangeAtOnce() {
        Optional<S> second = createSecondInstance(store);
        Assumptions.assumeTrue(second.isPresent(), "this store is not shared across nodes");
        S other = second.get();
        Share share = store.insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH).build(), LinksPerTarget.ONE_PER_VISIBILITY);

        assertThat(other.findByTokenHash(share.tokenHash())).contains(share);
        assertThatThrownBy(() -> other.insert(TestShares.share(share.target()).build(), LinksPerTarget.ONE_PER_VISIBILITY))
                .isInstanceOf(ShareConflictException.class);
        for (int i = 0; i < 3; i++) {
            store.reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10));
            other.reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10));
        }
        other.addViews(share.id(), 3);
        store.revoke(share.id(), T0);

        Share seen = other.findById(share.id()).orElseThrow();
        assertThat(seen.isRevoked()).isTrue();
        assertThat(seen.viewCount()).isEqualTo(3);
        assertThat(seen.lockedUntil()).isNotNull();
    }

    // ------------------------------------------------------------------ helpers

    private static <T> List<T> concurrently(int threads, Concurrently.Indexed<T> task) throws Exception {
        return Concurrently.run(threads, task);
    }
}
