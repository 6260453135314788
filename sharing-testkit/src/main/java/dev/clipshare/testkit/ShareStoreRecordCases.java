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

        assertThat(stored).isEqualTo(share);
        assertThat(store().findById(share.id())).contains(share);
        assertThat(store().findByTokenHash(builder.token().hash())).contains(share);
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

        assertThat(store().findById(share.id())).contains(share);
    }

    @Test
    void findUnknownIdOrTokenHashIsEmpty() {
        assertThat(store().findById(ShareId.random())).isEmpty();
        assertThat(store().findByTokenHash(ShareToken.generate().hash())).isEmpty();
    }

    @Test
    void insertWithSameIdempotencyKeyBySameCreatorReturnsTheFirstShare() {
        Principal creator = new Principal("user-" + UUID.randomUUID(), "Ada");
        Target target = TestShares.randomTarget();
        Share first = TestShares.share(target).createdBy(creator).idempotencyKey("create-1").build();
        Share retry = TestShares.share(target).createdBy(creator).idempotencyKey("create-1").build();

        store().insert(first, LinksPerTarget.MULTIPLE);
        Share answer = store().insert(retry, LinksPerTarget.MULTIPLE);

        assertThat(answer).isEqualTo(first);
        assertThat(store().findById(retry.id())).isEmpty();
        assertThat(store().list(new ShareQuery(target, true, null, 10))).containsExactly(first);
    }

    @Test
    void sameIdempotencyKeyFromAnotherCreatorCreatesAnotherShare() {
        Target target = TestShares.randomTarget();
        Share mine = TestShares.share(target).idempotencyKey("create-1").build();
        Share theirs = TestShares.share(target).idempotencyKey("create-1").build();

        store().insert(mine, LinksPerTarget.MULTIPLE);
        Share answer = store().insert(theirs, LinksPerTarget.MULTIPLE);

        assertThat(answer).isEqualTo(theirs);
        assertThat(store().list(ShareQuery.of(target))).hasSize(2);
    }


    // ------------------------------------------------------------------ one per visibility

    @Test
    void onePerVisibilityRefusesASecondActiveShareOfTheSameVisibility() {
        Target target = TestShares.randomTarget();
        Share first = TestShares.share(target).build();
        store().insert(first, LinksPerTarget.ONE_PER_VISIBILITY);

        Share second = TestShares.share(target).build();
        assertThatThrownBy(() -> store().insert(second, LinksPerTarget.ONE_PER_VISIBILITY))
                .isInstanceOf(ShareConflictException.class);
        assertThat(store().findById(second.id())).isEmpty();
        assertThat(store().findByTokenHash(second.tokenHash())).isEmpty();
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

        assertThat(store().list(ShareQuery.of(target))).hasSize(2);
        assertThat(store().list(ShareQuery.of(segment))).hasSize(1);
    }

    @Test
    void onePerVisibilityAllowsANewShareOnceTheOldOneIsRevoked() {
        Target target = TestShares.randomTarget();
        Share first = store().insert(TestShares.share(target).build(), LinksPerTarget.ONE_PER_VISIBILITY);
        store().revoke(first.id(), T0.plusSeconds(5));

        Share second = TestShares.share(target).build();
        store().insert(second, LinksPerTarget.ONE_PER_VISIBILITY);

        assertThat(store().list(ShareQuery.of(target))).containsExactly(second);
    }

    @Test
    void onePerVisibilityAllowsANewShareOnceTheOldOneIsDeleted() {
        Target target = TestShares.randomTarget();
        Share first = store().insert(TestShares.share(target).build(), LinksPerTarget.ONE_PER_VISIBILITY);
        store().delete(first.id());

        Share second = TestShares.share(target).build();
        assertThat(store().insert(second, LinksPerTarget.ONE_PER_VISIBILITY)).isEqualTo(second);
    }

    @Test
    void onePerVisibilityAlsoCountsLinksCreatedBeforeThePolicyWasSwitchedOn() {
        Target target = TestShares.randomTarget();
        store().insert(TestShares.share(target).build(), LinksPerTarget.MULTIPLE);
        store().insert(TestShares.share(target).build(), LinksPerTarget.MULTIPLE);

        assertThatThrownBy(() -> store().insert(TestShares.share(target).build(), LinksPerTarget.ONE_PER_VISIBILITY))
                .isInstanceOf(ShareConflictException.class);
        assertThat(store().list(ShareQuery.of(target))).hasSize(2);
    }

    @Test
    void anIdempotencyKeyIsFreeAgainOnceItsShareIsDeleted() {
        Principal creator = new Principal("user-" + UUID.randomUUID(), "Ada");
        Target target = TestShares.randomTarget();
        Share first = store().insert(TestShares.share(target).createdBy(creator).idempotencyKey("k").build(), LinksPerTarget.MULTIPLE);
        store().delete(first.id());

        Share second = TestShares.share(target).createdBy(creator).idempotencyKey("k").build();

        assertThat(store().insert(second, LinksPerTarget.MULTIPLE)).isEqualTo(second);
    }

    @Test
    void multipleLinksPolicyStoresManySharesPerTarget() {
        Target target = TestShares.randomTarget();
        for (int i = 0; i < 3; i++) {
            store().insert(TestShares.share(target).build(), LinksPerTarget.MULTIPLE);
        }
        assertThat(store().list(ShareQuery.of(target))).hasSize(3);
    }


    // ------------------------------------------------------------------ library switch

    @Test
    void sharingIsOffForAnUnknownLibraryAndTogglesPerLibrary() {
        String library = "library-" + UUID.randomUUID();
        String other = "library-" + UUID.randomUUID();

        assertThat(store().isSharingEnabled(library)).isFalse();
        store().setSharingEnabled(library, true, T0);
        assertThat(store().isSharingEnabled(library)).isTrue();
        assertThat(store().isSharingEnabled(other)).isFalse();
        store().setSharingEnabled(library, true, T0.plusSeconds(1));
        store().setSharingEnabled(library, false, T0.plusSeconds(2));
        assertThat(store().isSharingEnabled(library)).isFalse();
    }


    // ------------------------------------------------------------------ helpers

    static <T> List<T> concurrently(int threads, Concurrently.Indexed<T> task) throws Exception {
        return Concurrently.run(threads, task);
    }
}
