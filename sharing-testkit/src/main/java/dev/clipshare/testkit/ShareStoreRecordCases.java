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
import dev.clipshare.core.spi.LibrarySettingsStore;
import dev.clipshare.core.spi.PasswordAttempt;
import dev.clipshare.core.spi.ShareChanges;
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
 * The first part of {@link ShareStoreContract}: inserting and finding shares, idempotency keys,
 * one link per visibility, duplicate ids and tokens, and the library switch. It also holds what
 * every part needs: {@link #createStore()}, {@link #createSecondInstance} and {@link #store()}.
 * Adapters extend {@link ShareStoreContract}, never a part.
 *
 * @param <S> the class implementing the three share-side interfaces
 */
public abstract class ShareStoreRecordCases<S extends ShareStore & ViewerStore & LibrarySettingsStore> {
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

    /** Instances that act as nodes: the store, and a second instance when there is one (else the store again). */
    protected final List<S> nodes() {
        return List.of(store, createSecondInstance(store).orElse(store));
    }

    /** Whether {@link #nodes()} holds two instances. */
    protected final boolean twoNodes() {
        List<S> nodes = nodes();
        return nodes.get(0) != nodes.get(1);
    }

    /** How races were run, for failure messages. */
    protected final String where() {
        return twoNodes() ? "on two instances over the same data" : "on one instance (no second instance given)";
    }

    // ------------------------------------------------------------------ insert and find

    @Test
    void insertThenFindByIdAndByTokenHashReturnTheSameShare() {
        TestShares builder = TestShares.share();
        Share share = builder.build();

        Share stored = store().insert(share, LinksPerTarget.MULTIPLE);

        assertThat(stored).as("insert answers the share it stored").isEqualTo(share);
        assertThat(store().findById(share.id())).as("a stored share is found by its id").contains(share);
        assertThat(store().findByTokenHash(builder.token().hash()))
                .as("a stored share is found by its token hash (the page view's lookup)").contains(share);
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

        store().insert(share, LinksPerTarget.MULTIPLE);

        assertThat(store().findById(share.id()))
                .as("a stored share comes back with every field as written (odd characters, metadata, times to the millisecond)")
                .contains(share);
    }

    @Test
    void findUnknownIdOrTokenHashIsEmpty() {
        assertThat(store().findById(ShareId.random())).as("an unknown id finds nothing").isEmpty();
        assertThat(store().findByTokenHash(ShareToken.generate().hash()))
                .as("an unknown token hash finds nothing").isEmpty();
    }

    @Test
    void insertWithSameIdempotencyKeyBySameCreatorReturnsTheFirstShare() {
        Principal creator = new Principal("user-" + UUID.randomUUID(), "Ada");
        Target target = TestShares.randomTarget();
        Share first = TestShares.share(target).createdBy(creator).idempotencyKey("create-1").build();
        Share retry = TestShares.share(target).createdBy(creator).idempotencyKey("create-1").build();

        store().insert(first, LinksPerTarget.MULTIPLE);
        Share answer = store().insert(retry, LinksPerTarget.MULTIPLE);

        assertThat(answer)
                .as("idempotency key: a repeated key by the same creator answers the first share").isEqualTo(first);
        assertThat(store().findById(retry.id())).as("idempotency key: the repeated insert writes nothing").isEmpty();
        assertThat(store().list(new ShareQuery(target, true, null, 10)))
                .as("idempotency key: the target holds the first share only").containsExactly(first);
    }

    @Test
    void sameIdempotencyKeyFromAnotherCreatorCreatesAnotherShare() {
        Target target = TestShares.randomTarget();
        Share mine = TestShares.share(target).idempotencyKey("create-1").build();
        Share theirs = TestShares.share(target).idempotencyKey("create-1").build();

        store().insert(mine, LinksPerTarget.MULTIPLE);
        Share answer = store().insert(theirs, LinksPerTarget.MULTIPLE);

        assertThat(answer)
                .as("idempotency key: keys are per creator; another creator's same key stores a new share")
                .isEqualTo(theirs);
        assertThat(store().list(ShareQuery.of(target))).as("idempotency key: both creators' shares are stored").hasSize(2);
    }


    // ------------------------------------------------------------------ one per visibility

    @Test
    void onePerVisibilityRefusesASecondActiveShareOfTheSameVisibility() {
        Target target = TestShares.randomTarget();
        Share first = TestShares.share(target).build();
        store().insert(first, LinksPerTarget.ONE_PER_VISIBILITY);

        Share second = TestShares.share(target).build();
        assertThatThrownBy(() -> store().insert(second, LinksPerTarget.ONE_PER_VISIBILITY))
                .as("one link per visibility: a second unrevoked link of the same target and visibility is refused"
                        + " with ShareConflictException")
                .isInstanceOf(ShareConflictException.class);
        assertThat(store().findById(second.id()))
                .as("one link per visibility: a refused insert writes nothing (its id)").isEmpty();
        assertThat(store().findByTokenHash(second.tokenHash()))
                .as("one link per visibility: a refused insert writes nothing (its token)").isEmpty();
    }

    /** Active = not revoked and not expired at the insert's now; expired holders are revoked by the insert. */
    @Test
    void onePerVisibilityNamesTheActiveLinkAndAnExpiredOneGivesWayForGood() {
        Target target = TestShares.randomTarget();
        Share first = store().insert(TestShares.share(target).createdAt(T0).expiresAt(T0.plusSeconds(60)).build(),
                LinksPerTarget.ONE_PER_VISIBILITY);
        assertThatThrownBy(() -> store().insert(TestShares.share(target).createdAt(T0.plusSeconds(59)).build(),
                LinksPerTarget.ONE_PER_VISIBILITY)).isInstanceOfSatisfying(ShareConflictException.class,
                e -> assertThat(e.existingShareId()).as("the link in the way").contains(first.id()));

        Share second = TestShares.share(target).createdAt(T0.plusSeconds(60)).build();
        assertThat(store().insert(second, LinksPerTarget.ONE_PER_VISIBILITY)).isEqualTo(second);

        Share retired = store().findById(first.id()).orElseThrow();
        assertThat(retired.revokedAt()).as("the expired link is revoked by the insert").isEqualTo(T0.plusSeconds(60));
        assertThat(retired.credentialVersion()).isEqualTo(first.credentialVersion() + 1);
        assertThat(store().list(ShareQuery.of(target))).containsExactly(second);
        assertThatThrownBy(() -> store().insert(TestShares.share(target).createdAt(T0.plusSeconds(61)).build(),
                LinksPerTarget.ONE_PER_VISIBILITY)).isInstanceOfSatisfying(ShareConflictException.class,
                e -> assertThat(e.existingShareId()).contains(second.id()));
    }

    @Test
    void onePerVisibilityAllowsTheOtherVisibilityAndOtherTargets() {
        Target target = TestShares.randomTarget();
        Target segment = Target.segment(target.sourceId(), "moment-1");
        store().insert(TestShares.share(target).build(), LinksPerTarget.ONE_PER_VISIBILITY);

        store().insert(TestShares.share(target).visibility(Visibility.PRIVATE).build(), LinksPerTarget.ONE_PER_VISIBILITY);
        store().insert(TestShares.share(segment).build(), LinksPerTarget.ONE_PER_VISIBILITY);

        assertThat(store().list(ShareQuery.of(target)))
                .as("one link per visibility: the other visibility of the same target has a slot of its own").hasSize(2);
        assertThat(store().list(ShareQuery.of(segment)))
                .as("one link per visibility: a segment is a target of its own").hasSize(1);
    }

    @Test
    void onePerVisibilityAllowsANewShareOnceTheOldOneIsRevoked() {
        Target target = TestShares.randomTarget();
        Share first = store().insert(TestShares.share(target).build(), LinksPerTarget.ONE_PER_VISIBILITY);
        store().revoke(first.id(), T0.plusSeconds(5));

        Share second = TestShares.share(target).build();
        store().insert(second, LinksPerTarget.ONE_PER_VISIBILITY);

        assertThat(store().list(ShareQuery.of(target)))
                .as("one link per visibility: a revoked share frees its slot").containsExactly(second);
    }

    @Test
    void onePerVisibilityAllowsANewShareOnceTheOldOneIsDeleted() {
        Target target = TestShares.randomTarget();
        Share first = store().insert(TestShares.share(target).build(), LinksPerTarget.ONE_PER_VISIBILITY);
        store().delete(first.id());

        Share second = TestShares.share(target).build();
        assertThat(store().insert(second, LinksPerTarget.ONE_PER_VISIBILITY))
                .as("one link per visibility: a deleted share frees its slot").isEqualTo(second);
    }

    @Test
    void onePerVisibilityAlsoCountsLinksCreatedBeforeThePolicyWasSwitchedOn() {
        Target target = TestShares.randomTarget();
        store().insert(TestShares.share(target).build(), LinksPerTarget.MULTIPLE);
        store().insert(TestShares.share(target).build(), LinksPerTarget.MULTIPLE);

        assertThatThrownBy(() -> store().insert(TestShares.share(target).build(), LinksPerTarget.ONE_PER_VISIBILITY))
                .as("one link per visibility: links stored under MULTIPLE before the policy was switched on hold the slot")
                .isInstanceOf(ShareConflictException.class);
        assertThat(store().list(ShareQuery.of(target)))
                .as("one link per visibility: the refused insert writes nothing; the two older links stay").hasSize(2);
    }

    @Test
    void anIdempotencyKeyIsFreeAgainOnceItsShareIsDeleted() {
        Principal creator = new Principal("user-" + UUID.randomUUID(), "Ada");
        Target target = TestShares.randomTarget();
        Share first = store().insert(TestShares.share(target).createdBy(creator).idempotencyKey("k").build(), LinksPerTarget.MULTIPLE);
        store().delete(first.id());

        Share second = TestShares.share(target).createdBy(creator).idempotencyKey("k").build();

        assertThat(store().insert(second, LinksPerTarget.MULTIPLE))
                .as("idempotency key: a deleted share frees its key").isEqualTo(second);
    }

    @Test
    void multipleLinksPolicyStoresManySharesPerTarget() {
        Target target = TestShares.randomTarget();
        for (int i = 0; i < 3; i++) {
            store().insert(TestShares.share(target).build(), LinksPerTarget.MULTIPLE);
        }
        assertThat(store().list(ShareQuery.of(target))).as("multiple links per target: every insert is stored").hasSize(3);
    }


    @Test
    void aRetriedCreateUnderOnePerVisibilityAnswersTheFirstShareRatherThanAConflict() {
        Principal creator = new Principal("user-" + UUID.randomUUID(), "Ada");
        Target target = TestShares.randomTarget();
        Share first = TestShares.share(target).createdBy(creator).idempotencyKey("create-1").build();
        Share retry = TestShares.share(target).createdBy(creator).idempotencyKey("create-1").build();
        store().insert(first, LinksPerTarget.ONE_PER_VISIBILITY);

        Share answer = store().insert(retry, LinksPerTarget.ONE_PER_VISIBILITY);

        assertThat(answer).as("idempotent retry: a retried create (same creator, same key) under one link per"
                + " visibility answers the first call's share, not a conflict with it").isEqualTo(first);
        assertThat(store().findById(retry.id())).as("idempotent retry: the retry writes nothing").isEmpty();
        assertThat(store().findByTokenHash(retry.tokenHash())).as("idempotent retry: the retry's token is not stored")
                .isEmpty();
        assertThat(store().list(ShareQuery.of(target).withRevoked(true)))
                .as("idempotent retry: the target still has exactly the first share").containsExactly(first);
    }

    @Test
    void aRetryAfterTheFirstShareWasRevokedAnswersTheRevokedShare() {
        Principal creator = new Principal("user-" + UUID.randomUUID(), "Ada");
        Target target = TestShares.randomTarget();
        Share first = store().insert(TestShares.share(target).createdBy(creator).idempotencyKey("create-1").build(),
                LinksPerTarget.ONE_PER_VISIBILITY);
        Share revoked = store().revoke(first.id(), T0.plusSeconds(5)).orElseThrow();
        Share retry = TestShares.share(target).createdBy(creator).idempotencyKey("create-1").build();

        Share answer = store().insert(retry, LinksPerTarget.ONE_PER_VISIBILITY);

        assertThat(answer).as("idempotency key: a revoked share keeps its key, so a retry answers the revoked share"
                + " (its one-per-visibility slot is free, but the key is not)").isEqualTo(revoked);
        assertThat(store().findById(retry.id())).as("idempotency key: a retry after revocation writes nothing").isEmpty();
        assertThat(store().list(ShareQuery.of(target).withRevoked(true)))
                .as("idempotency key: the target holds only the revoked first share").containsExactly(revoked);
    }

    @Test
    void aDuplicateIdOrTokenHashIsRefusedWithShareConflictExceptionAndWritesNothing() {
        for (LinksPerTarget policy : LinksPerTarget.values()) {
            TestShares firstBuilder = TestShares.share();
            Share first = store().insert(firstBuilder.build(), policy);
            Share sameId = TestShares.share().id(first.id()).build();
            Share sameToken = TestShares.share().token(firstBuilder.token()).build();

            assertThatThrownBy(() -> store().insert(sameId, policy))
                    .as("duplicate id (%s): a share whose id is already stored is refused with ShareConflictException", policy)
                    .isInstanceOf(ShareConflictException.class);
            assertThatThrownBy(() -> store().insert(sameToken, policy))
                    .as("duplicate token (%s): a share whose token hash is already stored is refused with"
                            + " ShareConflictException", policy)
                    .isInstanceOf(ShareConflictException.class);
            assertThat(store().findById(first.id())).as("duplicate id (%s): the stored share is left as it was", policy)
                    .contains(first);
            assertThat(store().findByTokenHash(first.tokenHash()))
                    .as("duplicate token (%s): the token still opens the first share", policy).contains(first);
            assertThat(store().findByTokenHash(sameId.tokenHash()))
                    .as("duplicate id (%s): nothing of the refused share is written (its token)", policy).isEmpty();
            assertThat(store().findById(sameToken.id()))
                    .as("duplicate token (%s): nothing of the refused share is written (its id)", policy).isEmpty();
            assertThat(store().list(ShareQuery.of(sameId.target()).withRevoked(true)))
                    .as("duplicate id (%s): the refused share is not listed under its target", policy).isEmpty();
            assertThat(store().list(ShareQuery.of(sameToken.target()).withRevoked(true)))
                    .as("duplicate token (%s): the refused share is not listed under its target", policy).isEmpty();
        }
    }



    // ------------------------------------------------------------------ library switch

    @Test
    void sharingIsOffForAnUnknownLibraryAndTogglesPerLibrary() {
        String library = "library-" + UUID.randomUUID();
        String other = "library-" + UUID.randomUUID();

        assertThat(store().isSharingEnabled(library)).as("sharing switch: off for a library never set").isFalse();
        store().setSharingEnabled(library, true, T0);
        assertThat(store().isSharingEnabled(library)).as("sharing switch: on once set on").isTrue();
        assertThat(store().isSharingEnabled(other)).as("sharing switch: set per library, others stay off").isFalse();
        store().setSharingEnabled(library, true, T0.plusSeconds(1));
        store().setSharingEnabled(library, false, T0.plusSeconds(2));
        assertThat(store().isSharingEnabled(library)).as("sharing switch: off once set off again").isFalse();
    }


    // ------------------------------------------------------------------ helpers

    static <T> List<T> concurrently(int threads, Concurrently.Indexed<T> task) throws Exception {
        return Concurrently.run(threads, task);
    }
}
