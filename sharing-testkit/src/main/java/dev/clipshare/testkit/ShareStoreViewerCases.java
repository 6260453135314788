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

        assertThat(store().findById(share.id()).orElseThrow().viewCount())
                .as("views: addViews adds to the count (1 + 41), and views of an unknown share change nothing")
                .isEqualTo(42);
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
            assertThat(a.permitted()).as("password attempts: attempt %d of 5 is permitted", i).isTrue();
            assertThat(a.failures()).as("password attempts: attempt %d counts %d failures", i, i).isEqualTo(i);
            assertThat(a.lockedUntil()).as("password attempts: attempt %d of 5 sets no lock", i).isNull();
        }
        PasswordAttempt fifth = store().reservePasswordAttempt(share.id(), T0.plusSeconds(1), 5, lockout);
        PasswordAttempt sixth = store().reservePasswordAttempt(share.id(), T0.plusSeconds(2), 5, lockout);

        assertThat(fifth.permitted()).as("password lockout: the last allowed attempt (5 of 5) is still permitted").isTrue();
        assertThat(fifth.locksOnFailure()).as("password lockout: the last allowed attempt sets the lock").isTrue();
        assertThat(fifth.lockedUntil()).as("password lockout: the lock lasts the lockout from that attempt's time")
                .isEqualTo(T0.plusSeconds(1).plus(lockout));
        assertThat(sixth.permitted()).as("password lockout: an attempt while locked is refused").isFalse();
        assertThat(sixth.lockedUntil()).as("password lockout: a refused attempt reports the lock's end and does not"
                + " extend it").isEqualTo(fifth.lockedUntil());
        assertThat(store().findById(share.id()).orElseThrow().lockedUntil())
                .as("password lockout: the lock is stored on the share").isEqualTo(fifth.lockedUntil());
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

        assertThat(stillLocked.permitted()).as("password lockout: a millisecond before the lock ends, attempts are refused")
                .isFalse();
        assertThat(afterLock.permitted()).as("password lockout: at the lock's end, attempts are permitted again").isTrue();
        assertThat(afterLock.failures()).as("password lockout: after a lock the failure count starts again at 1")
                .isEqualTo(1);
        assertThat(afterLock.lockedUntil()).as("password lockout: the first attempt after a lock sets no new lock").isNull();
    }

    @Test
    void clearingPasswordFailuresEndsTheLock() {
        Share share = store().insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH).build(), LinksPerTarget.MULTIPLE);
        for (int i = 0; i < 5; i++) {
            store().reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10));
        }

        store().clearPasswordFailures(share.id());

        Share after = store().findById(share.id()).orElseThrow();
        assertThat(after.failedAttempts()).as("clearing password failures sets the count to zero").isZero();
        assertThat(after.lockedUntil()).as("clearing password failures ends the lock").isNull();
        assertThat(store().reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10)).failures())
                .as("after clearing, the next attempt counts 1").isEqualTo(1);
    }

}
