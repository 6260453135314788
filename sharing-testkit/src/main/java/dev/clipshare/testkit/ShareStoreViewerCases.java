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
 * The third part of {@link ShareStoreContract}: the viewer's side, view counts and password
 * attempts, on one instance. Adapters extend {@link ShareStoreContract}, never a part.
 *
 * @param <S> the class implementing the three share-side interfaces
 */
public abstract class ShareStoreViewerCases<S extends ShareStore & ViewerStore & LibrarySettingsStore>
        extends ShareStoreListingCases<S> {

    // ------------------------------------------------------------------ views

    @Test
    void addViewsIncrementsTheCount() {
        Share share = store().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);

        store().addViews(share.id(), 1);
        store().addViews(share.id(), 41);
        store().addViews(ShareId.random(), 5);

        assertThat(store().findById(share.id()).orElseThrow().viewCount()).isEqualTo(42);
    }


    @Test
    void addingZeroViewsChangesNothingAndANegativeCountIsRefused() {
        Share share = store().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);
        store().addViews(share.id(), 2);

        store().addViews(share.id(), 0);

        assertThat(store().findById(share.id()).orElseThrow().viewCount()).as("adding 0 views changes nothing")
                .isEqualTo(2);
        assertThatThrownBy(() -> store().addViews(share.id(), -1)).as("a negative view count is refused")
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store().findById(share.id()).orElseThrow().viewCount())
                .as("a refused negative count leaves the views as they were").isEqualTo(2);
    }

    // ------------------------------------------------------------------ password attempts

    @Test
    void passwordAttemptsAreCountedAndTheLastAllowedOneSetsTheLock() {
        Share share = store().insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH).build(), LinksPerTarget.MULTIPLE);
        Duration lockout = Duration.ofMinutes(10);

        for (int i = 1; i <= 4; i++) {
            PasswordAttempt a = store().reservePasswordAttempt(share.id(), T0, 5, lockout);
            assertThat(a.permitted()).isTrue();
            assertThat(a.failures()).isEqualTo(i);
            assertThat(a.lockedUntil()).isNull();
        }
        PasswordAttempt fifth = store().reservePasswordAttempt(share.id(), T0.plusSeconds(1), 5, lockout);
        PasswordAttempt sixth = store().reservePasswordAttempt(share.id(), T0.plusSeconds(2), 5, lockout);

        assertThat(fifth.permitted()).isTrue();
        assertThat(fifth.locksOnFailure()).isTrue();
        assertThat(fifth.lockedUntil()).isEqualTo(T0.plusSeconds(1).plus(lockout));
        assertThat(sixth.permitted()).isFalse();
        assertThat(sixth.lockedUntil()).isEqualTo(fifth.lockedUntil());
        assertThat(store().findById(share.id()).orElseThrow().lockedUntil()).isEqualTo(fifth.lockedUntil());
    }

    @Test
    void aLockEndsOnTimeAndTheCountStartsAgain() {
        Share share = store().insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH).build(), LinksPerTarget.MULTIPLE);
        Duration lockout = Duration.ofMinutes(10);
        for (int i = 0; i < 3; i++) {
            store().reservePasswordAttempt(share.id(), T0, 3, lockout);
        }

        PasswordAttempt stillLocked = store().reservePasswordAttempt(share.id(), T0.plus(lockout).minusMillis(1), 3, lockout);
        PasswordAttempt afterLock = store().reservePasswordAttempt(share.id(), T0.plus(lockout), 3, lockout);

        assertThat(stillLocked.permitted()).isFalse();
        assertThat(afterLock.permitted()).isTrue();
        assertThat(afterLock.failures()).isEqualTo(1);
        assertThat(afterLock.lockedUntil()).isNull();
    }

    @Test
    void clearingPasswordFailuresEndsTheLock() {
        Share share = store().insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH).build(), LinksPerTarget.MULTIPLE);
        for (int i = 0; i < 5; i++) {
            store().reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10));
        }

        store().clearPasswordFailures(share.id());

        Share after = store().findById(share.id()).orElseThrow();
        assertThat(after.failedAttempts()).isZero();
        assertThat(after.lockedUntil()).isNull();
        assertThat(store().reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10)).failures()).isEqualTo(1);
    }

}
