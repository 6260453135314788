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
 * The second part of {@link ShareStoreContract}: listing, updates, revocation, deletion and the
 * credential version. Adapters extend {@link ShareStoreContract}, never a part.
 *
 * @param <S> the class implementing the three share-side interfaces
 */
public abstract class ShareStoreListingCases<S extends ShareStore & ViewerStore & LibrarySettingsStore>
        extends ShareStoreRecordCases<S> {

    // ------------------------------------------------------------------ list

    @Test
    void listReturnsNewestFirstAndPagesWithACursor() {
        Target target = TestShares.randomTarget();
        List<Share> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(store().insert(TestShares.share(target).createdAt(T0.plusSeconds(i)).build(), LinksPerTarget.MULTIPLE));
        }
        // two shares in the same millisecond: ordered by id, descending
        Share twinA = TestShares.share(target).id(new ShareId("AAAA-twin")).createdAt(T0.plusSeconds(10)).build();
        Share twinB = TestShares.share(target).id(new ShareId("BBBB-twin")).createdAt(T0.plusSeconds(10)).build();
        store().insert(twinA, LinksPerTarget.MULTIPLE);
        store().insert(twinB, LinksPerTarget.MULTIPLE);

        List<Share> first = store().list(ShareQuery.of(target).withLimit(3));
        List<Share> second = store().list(ShareQuery.of(target).withLimit(3).withAfter(ShareCursor.after(first.get(2))));
        List<Share> third = store().list(ShareQuery.of(target).withLimit(3).withAfter(ShareCursor.after(second.get(2))));

        assertThat(first).containsExactly(twinB, twinA, created.get(4));
        assertThat(second).containsExactly(created.get(3), created.get(2), created.get(1));
        assertThat(third).containsExactly(created.get(0));
    }

    @Test
    void listLeavesOutRevokedSharesUnlessAskedAndOtherTargets() {
        Target target = TestShares.randomTarget();
        Share live = store().insert(TestShares.share(target).createdAt(T0).build(), LinksPerTarget.MULTIPLE);
        Share revoked = store().insert(TestShares.share(target).createdAt(T0.plusSeconds(1)).build(), LinksPerTarget.MULTIPLE);
        store().insert(TestShares.share(Target.segment(target.sourceId(), "m1")).build(), LinksPerTarget.MULTIPLE);
        store().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);
        Share afterRevoke = store().revoke(revoked.id(), T0.plusSeconds(2)).orElseThrow();

        assertThat(store().list(ShareQuery.of(target))).containsExactly(live);
        assertThat(store().list(ShareQuery.of(target).withRevoked(true))).containsExactly(afterRevoke, live);
    }


    // ------------------------------------------------------------------ update

    @Test
    void updateWritesOnlyTheFieldsItChanges() {
        Share share = store().insert(TestShares.share().title("Old").description("Keep me")
                .metadata(Map.of("a", "1")).allowDownload(false).build(), LinksPerTarget.MULTIPLE);
        Instant later = T0.plusSeconds(60);

        Share updated = store().update(share.id(), ShareChanges.none(later)
                .withTitle(Change.set("New"))
                .withAllowDownload(Change.set(true))
                .withMetadata(Change.set(Map.of("b", "2")))).orElseThrow();

        assertThat(updated.title()).isEqualTo("New");
        assertThat(updated.allowDownload()).isTrue();
        assertThat(updated.metadata()).containsExactly(Map.entry("b", "2"));
        assertThat(updated.description()).isEqualTo("Keep me");
        assertThat(updated.updatedAt()).isEqualTo(later);
        assertThat(updated.credentialVersion()).isEqualTo(share.credentialVersion());
        assertThat(store().findById(share.id())).contains(updated);
    }

    @Test
    void updateClearsTitlePasswordAndExpiry() {
        Share share = store().insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH)
                .expiresAt(T0.plus(Duration.ofDays(1))).build(), LinksPerTarget.MULTIPLE);

        Share updated = store().update(share.id(), ShareChanges.none(T0)
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
        Share share = store().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);
        PasswordHash other = new PasswordHash("$2a$10$" + "x".repeat(53));

        Share once = store().update(share.id(), ShareChanges.none(T0).withPasswordHash(Change.set(TestShares.SAMPLE_HASH))).orElseThrow();
        Share twice = store().update(share.id(), ShareChanges.none(T0).withPasswordHash(Change.set(other))).orElseThrow();

        assertThat(once.passwordHash()).isEqualTo(TestShares.SAMPLE_HASH);
        assertThat(once.credentialVersion()).isEqualTo(share.credentialVersion() + 1);
        assertThat(twice.passwordHash()).isEqualTo(other);
        assertThat(twice.credentialVersion()).isEqualTo(share.credentialVersion() + 2);
    }


    @Test
    void updateLeavesViewsAndPasswordFailuresAlone() {
        Share share = store().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);
        store().addViews(share.id(), 7);
        store().reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10));

        Share updated = store().update(share.id(), ShareChanges.none(T0).withTitle(Change.set("x"))).orElseThrow();

        assertThat(updated.viewCount()).isEqualTo(7);
        assertThat(updated.failedAttempts()).isEqualTo(1);
    }

    @Test
    void updateOfAnUnknownShareIsEmpty() {
        assertThat(store().update(ShareId.random(), ShareChanges.none(T0).withTitle(Change.set("x")))).isEmpty();
    }

    // ------------------------------------------------------------------ revoke and delete

    @Test
    void revokeSetsTheTimeBumpsTheCredentialVersionAndIsIdempotent() {
        Share share = store().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);

        Share revoked = store().revoke(share.id(), T0.plusSeconds(30)).orElseThrow();
        Share again = store().revoke(share.id(), T0.plusSeconds(90)).orElseThrow();

        assertThat(revoked.revokedAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(revoked.credentialVersion()).isEqualTo(share.credentialVersion() + 1);
        assertThat(again).isEqualTo(revoked);
        assertThat(store().findByTokenHash(share.tokenHash())).contains(revoked);
    }

    @Test
    void revokeOfAnUnknownShareIsEmpty() {
        assertThat(store().revoke(ShareId.random(), T0)).isEmpty();
    }

    @Test
    void deleteRemovesTheShareAndItsTokenLookup() {
        Share share = store().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);

        assertThat(store().delete(share.id())).isTrue();
        assertThat(store().findById(share.id())).isEmpty();
        assertThat(store().findByTokenHash(share.tokenHash())).isEmpty();
        assertThat(store().delete(share.id())).isFalse();
    }

}
