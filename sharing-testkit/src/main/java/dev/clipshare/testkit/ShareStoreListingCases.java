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

        assertThat(first)
                .as("list: newest first, two shares of one millisecond by id descending, a page of 3")
                .containsExactly(twinB, twinA, created.get(4));
        assertThat(second)
                .as("list cursor: the second page goes on right after the first page's last share")
                .containsExactly(created.get(3), created.get(2), created.get(1));
        assertThat(third).as("list cursor: the last page holds what is left").containsExactly(created.get(0));
    }

    @Test
    void listLeavesOutRevokedSharesUnlessAskedAndOtherTargets() {
        Target target = TestShares.randomTarget();
        Share live = store().insert(TestShares.share(target).createdAt(T0).build(), LinksPerTarget.MULTIPLE);
        Share revoked = store().insert(TestShares.share(target).createdAt(T0.plusSeconds(1)).build(), LinksPerTarget.MULTIPLE);
        store().insert(TestShares.share(Target.segment(target.sourceId(), "m1")).build(), LinksPerTarget.MULTIPLE);
        store().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);
        Share afterRevoke = store().revoke(revoked.id(), T0.plusSeconds(2)).orElseThrow();

        assertThat(store().list(ShareQuery.of(target)))
                .as("list: revoked shares and other targets' shares are left out unless revoked ones are asked for")
                .containsExactly(live);
        assertThat(store().list(ShareQuery.of(target).withRevoked(true)))
                .as("list: with revoked shares asked for, they are listed in their place, as revoked")
                .containsExactly(afterRevoke, live);
    }


    @Test
    void tiesInCreationTimeAcrossPageBoundariesGoByIdBytesDescendingWithNoShareMissedOrRepeated() {
        Target target = TestShares.randomTarget();
        String p = ShareId.random().value();   // a common random prefix: ids unique in a shared database
        // byte order of base64url: '-' < '0'..'9' < 'A'..'Z' < '_' < 'a'..'z', and an id sorts before
        // the longer ids it starts. A collation that ignores case or punctuation orders these otherwise.
        List<String> descending = List.of("z-", "aA", "a-", "a", "_0", "Z", "Aa", "A_", "9A", "0z", "-z");
        Instant tie = T0.plusSeconds(10);
        Share newer = TestShares.share(target).createdAt(tie.plusMillis(1)).build();
        Share older = TestShares.share(target).createdAt(tie.minusMillis(1)).build();
        store().insert(older, LinksPerTarget.MULTIPLE);
        for (String suffix : List.of("a", "Z", "-z", "aA", "_0", "9A", "z-", "A_", "0z", "a-", "Aa")) {  // not in order
            store().insert(TestShares.share(target).id(new ShareId(p + suffix)).createdAt(tie).build(), LinksPerTarget.MULTIPLE);
        }
        store().insert(newer, LinksPerTarget.MULTIPLE);

        List<List<String>> pages = new ArrayList<>();
        ShareQuery query = ShareQuery.of(target).withLimit(4);
        for (List<Share> page = store().list(query); !page.isEmpty() && pages.size() < 10;
             page = store().list(query.withAfter(ShareCursor.after(page.get(page.size() - 1))))) {
            // the tied ids without their common prefix, so a failure shows the order at a glance
            pages.add(page.stream().map(s -> s.id().value().replaceFirst("^" + p, "")).toList());
        }

        List<String> expected = new ArrayList<>();
        expected.add(newer.id().value());
        expected.addAll(descending);
        expected.add(older.id().value());
        assertThat(pages.stream().flatMap(List::stream).toList())
                .as("list order: newest first, and shares created in the same millisecond by id descending in byte"
                        + " order (as Java compares strings: '-' < digits < upper case < '_' < lower case, a prefix"
                        + " first); paging with the cursor of each page's last share must miss and repeat none")
                .containsExactlyElementsOf(expected);
        assertThat(pages).as("the limit of 4 gives full pages until the last, page boundaries falling inside the tie")
                .extracting(List::size).containsExactly(4, 4, 4, 1);
    }

    @Test
    void theLimitCountsTheSharesReturnedAndRevokedSharesLeftOutDoNotUseItUp() {
        Target target = TestShares.randomTarget();
        List<ShareId> made = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            made.add(store().insert(TestShares.share(target).createdAt(T0.plusSeconds(i)).build(), LinksPerTarget.MULTIPLE).id());
        }
        for (int i : List.of(7, 6, 5, 3, 2)) {
            store().revoke(made.get(i), T0.plusSeconds(60));
        }

        List<Share> first = store().list(ShareQuery.of(target).withLimit(2));
        List<Share> second = store().list(ShareQuery.of(target).withLimit(2).withAfter(ShareCursor.after(first.get(1))));
        List<Share> withRevoked = store().list(ShareQuery.of(target).withRevoked(true).withLimit(3));
        Share revokedCursor = store().findById(made.get(5)).orElseThrow();
        List<Share> afterARevoked = store().list(ShareQuery.of(target).withLimit(5).withAfter(ShareCursor.after(revokedCursor)));

        assertThat(first).extracting(Share::id)
                .as("list limit: the limit counts the shares returned; revoked shares left out (the three newest"
                        + " here) must not use it up, so a page of 2 holds the 2 newest unrevoked shares")
                .containsExactly(made.get(4), made.get(1));
        assertThat(second).extracting(Share::id)
                .as("list limit: the next page goes on after the cursor, skipping the revoked shares")
                .containsExactly(made.get(0));
        assertThat(withRevoked).extracting(Share::id)
                .as("list limit: when revoked shares are asked for, they count like any other")
                .containsExactly(made.get(7), made.get(6), made.get(5));
        assertThat(afterARevoked).extracting(Share::id)
                .as("list cursor: a cursor naming a revoked share is a position; the unrevoked shares after it follow")
                .containsExactly(made.get(4), made.get(1), made.get(0));
    }

    @Test
    void aCursorStaysAPositionAfterTheShareItNamesIsDeleted() {
        Target target = TestShares.randomTarget();
        String p = ShareId.random().value();
        Instant tie = T0.plusSeconds(5);
        Share older = store().insert(TestShares.share(target).createdAt(T0).build(), LinksPerTarget.MULTIPLE);
        List<Share> tied = new ArrayList<>();
        for (String suffix : List.of("a", "b", "c", "d")) {
            tied.add(store().insert(TestShares.share(target).id(new ShareId(p + suffix)).createdAt(tie).build(),
                    LinksPerTarget.MULTIPLE));
        }
        Share newest = store().insert(TestShares.share(target).createdAt(T0.plusSeconds(9)).build(), LinksPerTarget.MULTIPLE);

        List<Share> first = store().list(ShareQuery.of(target).withLimit(3));
        ShareCursor cursor = ShareCursor.after(first.get(2));
        store().delete(first.get(2).id());          // the share the cursor names
        List<Share> second = store().list(ShareQuery.of(target).withLimit(3).withAfter(cursor));
        store().delete(newest.id());
        ShareCursor atDeletedNewest = ShareCursor.after(newest);
        List<Share> fromTheTop = store().list(ShareQuery.of(target).withLimit(10).withAfter(atDeletedNewest));

        assertThat(first).as("list: the newest share, then the tie by id descending")
                .containsExactly(newest, tied.get(3), tied.get(2));
        assertThat(second).as("list cursor: after the share the cursor names was deleted, the next page must go on"
                        + " from its position (creation time, then id), neither failing nor starting over nor skipping")
                .containsExactly(tied.get(1), tied.get(0), older);
        assertThat(fromTheTop).as("list cursor: a cursor at a deleted share's position lists what comes after it")
                .containsExactly(tied.get(3), tied.get(1), tied.get(0), older);
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

        assertThat(updated.title()).as("update: a set title is written").isEqualTo("New");
        assertThat(updated.allowDownload()).as("update: a set download switch is written").isTrue();
        assertThat(updated.metadata()).as("update: set metadata replaces the old map").containsExactly(Map.entry("b", "2"));
        assertThat(updated.description()).as("update: a field left as keep keeps its value").isEqualTo("Keep me");
        assertThat(updated.updatedAt()).as("update: the update time is the one passed in").isEqualTo(later);
        assertThat(updated.credentialVersion())
                .as("update: changes without a password change leave the credential version alone")
                .isEqualTo(share.credentialVersion());
        assertThat(store().findById(share.id())).as("update: what update answers is what is stored").contains(updated);
    }

    @Test
    void updateClearsTitlePasswordAndExpiry() {
        Share share = store().insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH)
                .expiresAt(T0.plus(Duration.ofDays(1))).build(), LinksPerTarget.MULTIPLE);

        Share updated = store().update(share.id(), ShareChanges.none(T0)
                .withTitle(Change.clear())
                .withPasswordHash(Change.clear())
                .withExpiresAt(Change.clear())).orElseThrow();

        assertThat(updated.title()).as("update: a cleared title is null").isNull();
        assertThat(updated.passwordHash()).as("update: a cleared password is null").isNull();
        assertThat(updated.expiresAt()).as("update: a cleared expiry is null").isNull();
        assertThat(updated.credentialVersion())
                .as("credential version: removing the password adds one").isEqualTo(share.credentialVersion() + 1);
    }

    @Test
    void updateOfThePasswordBumpsTheCredentialVersionInTheSameWrite() {
        Share share = store().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);
        PasswordHash other = new PasswordHash("$2a$10$" + "x".repeat(53));

        Share once = store().update(share.id(), ShareChanges.none(T0).withPasswordHash(Change.set(TestShares.SAMPLE_HASH))).orElseThrow();
        Share twice = store().update(share.id(), ShareChanges.none(T0).withPasswordHash(Change.set(other))).orElseThrow();

        assertThat(once.passwordHash()).as("update: a set password is written").isEqualTo(TestShares.SAMPLE_HASH);
        assertThat(once.credentialVersion())
                .as("credential version: setting a password adds one, in the same write")
                .isEqualTo(share.credentialVersion() + 1);
        assertThat(twice.passwordHash()).as("update: a changed password is written").isEqualTo(other);
        assertThat(twice.credentialVersion())
                .as("credential version: changing the password again adds one more")
                .isEqualTo(share.credentialVersion() + 2);
    }


    @Test
    void updateLeavesViewsAndPasswordFailuresAlone() {
        Share share = store().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);
        store().addViews(share.id(), 7);
        store().reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10));

        Share updated = store().update(share.id(), ShareChanges.none(T0).withTitle(Change.set("x"))).orElseThrow();

        assertThat(updated.viewCount()).as("update: views are not written back by an update (no stale copy)").isEqualTo(7);
        assertThat(updated.failedAttempts())
                .as("update: password failures are not written back by an update (no stale copy)").isEqualTo(1);
    }

    @Test
    void updateOfAnUnknownShareIsEmpty() {
        assertThat(store().update(ShareId.random(), ShareChanges.none(T0).withTitle(Change.set("x"))))
                .as("update: an unknown id answers empty").isEmpty();
    }

    // ------------------------------------------------------------------ revoke and delete

    @Test
    void revokeSetsTheTimeBumpsTheCredentialVersionAndIsIdempotent() {
        Share share = store().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);

        Share revoked = store().revoke(share.id(), T0.plusSeconds(30)).orElseThrow();
        Share again = store().revoke(share.id(), T0.plusSeconds(90)).orElseThrow();

        assertThat(revoked.revokedAt()).as("revoke: the revocation time is the one passed in").isEqualTo(T0.plusSeconds(30));
        assertThat(revoked.credentialVersion())
                .as("credential version: revoke adds one, in the same write").isEqualTo(share.credentialVersion() + 1);
        assertThat(again).as("revoke: revoking a revoked share changes nothing (time and version stay)").isEqualTo(revoked);
        assertThat(store().findByTokenHash(share.tokenHash()))
                .as("revoke: the token still finds the share, as revoked (so the page can say so)").contains(revoked);
    }

    @Test
    void revokeLeavesTheUpdateTimeAlone() {
        Share share = store().insert(TestShares.share().createdAt(T0).build(), LinksPerTarget.MULTIPLE);
        store().update(share.id(), ShareChanges.none(T0.plusSeconds(60)).withTitle(Change.set("edited")));

        Share revoked = store().revoke(share.id(), T0.plusSeconds(120)).orElseThrow();

        assertThat(revoked.updatedAt()).as("revoke: the update time is left alone (revokedAt records the revocation)")
                .isEqualTo(T0.plusSeconds(60));
        assertThat(revoked.revokedAt()).as("revoke: the revocation time is the one passed in").isEqualTo(T0.plusSeconds(120));
        assertThat(store().findById(share.id())).as("revoke: what revoke answers is what is stored").contains(revoked);
    }

    @Test
    void theCredentialVersionMovesOnNoOtherFieldNorOnViewsOrPasswordAttempts() {
        Share share = store().insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH).build(), LinksPerTarget.MULTIPLE);
        long version = share.credentialVersion();
        Map<String, ShareChanges> changes = new java.util.LinkedHashMap<>();
        changes.put("title set", ShareChanges.none(T0).withTitle(Change.set("t")));
        changes.put("title cleared", ShareChanges.none(T0).withTitle(Change.clear()));
        changes.put("description set", ShareChanges.none(T0).withDescription(Change.set("d")));
        changes.put("description cleared", ShareChanges.none(T0).withDescription(Change.clear()));
        changes.put("metadata set", ShareChanges.none(T0).withMetadata(Change.set(Map.of("k", "v"))));
        changes.put("download switched", ShareChanges.none(T0).withAllowDownload(Change.set(true)));
        changes.put("expiry set", ShareChanges.none(T0).withExpiresAt(Change.set(T0.plus(Duration.ofDays(1)))));
        changes.put("expiry cleared", ShareChanges.none(T0).withExpiresAt(Change.clear()));
        changes.put("everything but the password", ShareChanges.none(T0).withTitle(Change.set("t2"))
                .withDescription(Change.set("d2")).withMetadata(Change.set(Map.of())).withAllowDownload(Change.set(false))
                .withExpiresAt(Change.set(T0.plus(Duration.ofDays(2)))));

        for (Map.Entry<String, ShareChanges> change : changes.entrySet()) {
            Share after = store().update(share.id(), change.getValue()).orElseThrow();
            assertThat(after.credentialVersion()).as("credential version: an update with %s (no password change) must"
                    + " not move it", change.getKey()).isEqualTo(version);
        }
        store().addViews(share.id(), 3);
        assertThat(store().findById(share.id()).orElseThrow().credentialVersion())
                .as("credential version: views must not move it").isEqualTo(version);
        for (int i = 0; i < 3; i++) {
            store().reservePasswordAttempt(share.id(), T0, 2, Duration.ofMinutes(10));
        }
        assertThat(store().findById(share.id()).orElseThrow().credentialVersion())
                .as("credential version: password attempts and the lock they set must not move it").isEqualTo(version);
        store().clearPasswordFailures(share.id());
        assertThat(store().findById(share.id()).orElseThrow().credentialVersion())
                .as("credential version: clearing password failures must not move it").isEqualTo(version);
    }

    @Test
    void revokeOfAnUnknownShareIsEmpty() {
        assertThat(store().revoke(ShareId.random(), T0)).as("revoke: an unknown id answers empty").isEmpty();
    }

    @Test
    void deleteRemovesTheShareAndItsTokenLookup() {
        Share share = store().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);

        assertThat(store().delete(share.id())).as("delete: answers true when it deleted a share").isTrue();
        assertThat(store().findById(share.id())).as("delete: the share is gone by id").isEmpty();
        assertThat(store().findByTokenHash(share.tokenHash())).as("delete: the share is gone by token hash").isEmpty();
        assertThat(store().delete(share.id())).as("delete: deleting again answers false").isFalse();
    }

}
