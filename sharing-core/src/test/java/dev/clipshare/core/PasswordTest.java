package dev.clipshare.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PasswordTest {
    private static final String PASSWORD = "correct horse";

    private final Host host = new Host();
    private final Sharing sharing = host.enabled();
    private final ShareDetails link = host.readyShare(sharing, b -> b.password(PASSWORD));
    private final String token = link.token().value();

    private Grant unlock(String password) {
        return sharing.unlock(UnlockRequest.of(token, password));
    }

    private ShareAccess withGrant(String grant) {
        return sharing.resolve(ViewRequest.of(token, ViewRequest.Purpose.MEDIA).withGrant(grant));
    }

    @Test
    void aPasswordLinkAsksForThePasswordAndTheRightOneGivesATwentyFourHourGrant() {
        assertThat(sharing.resolve(ViewRequest.page(token))).isInstanceOf(ShareAccess.PasswordRequired.class);

        Grant grant = unlock(PASSWORD);

        assertThat(grant.shareId()).isEqualTo(link.id());
        assertThat(grant.expiresAt()).isEqualTo(host.clock.instant().plus(Duration.ofHours(24)));
        assertThat(withGrant(grant.value())).isInstanceOfSatisfying(ShareAccess.Ready.class,
                r -> assertThat(r.grantExpiresAt()).isEqualTo(grant.expiresAt()));
        assertThat(sharing.verifyGrant(grant.value())).get().extracting(VerifiedGrant::shareId).isEqualTo(link.id());
    }

    @Test
    void aGrantEndsAfterTwentyFourHours() {
        Grant grant = unlock(PASSWORD);

        host.clock.advance(Duration.ofHours(24).plusSeconds(60)); // within the allowed clock skew
        assertThat(sharing.verifyGrant(grant.value())).isPresent();
        host.clock.advance(Duration.ofSeconds(1));
        assertThat(sharing.verifyGrant(grant.value())).isEmpty();
        assertThat(withGrant(grant.value())).isInstanceOf(ShareAccess.PasswordRequired.class);
    }

    @Test
    void aWrongPasswordIsRefusedCountedAndReported() {
        assertThatThrownBy(() -> unlock("wrong")).isInstanceOf(WrongPasswordException.class).hasMessage("wrong password");

        assertThat(host.shares.findById(link.id()).orElseThrow().failedAttempts()).isEqualTo(1);
        assertThat(host.events(SharingEvent.UnlockFailed.class)).singleElement()
                .satisfies(e -> assertThat(e.failures()).isEqualTo(1));
    }

    @Test
    void fiveWrongPasswordsLockTheLinkForTenMinutesEvenForTheRightPassword() {
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> unlock("guess")).isInstanceOf(WrongPasswordException.class);
        }
        assertThatThrownBy(() -> unlock("guess")).isInstanceOfSatisfying(PasswordLockedException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(10)));

        host.clock.advance(Duration.ofMinutes(4));
        assertThatThrownBy(() -> unlock(PASSWORD)).isInstanceOfSatisfying(PasswordLockedException.class, e -> {
            assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(6));
            assertThat(e.retryAfterSeconds()).isEqualTo(360);
        });
        assertThat(sharing.resolve(ViewRequest.page(token))).isInstanceOfSatisfying(ShareAccess.Locked.class,
                l -> assertThat(l.retryAfter()).isEqualTo(Duration.ofMinutes(6)));
        assertThat(host.events(SharingEvent.ShareLocked.class)).hasSize(1);
        assertThat(host.events(SharingEvent.UnlockFailed.class)).hasSize(5);

        host.clock.advance(Duration.ofMinutes(6));
        assertThat(unlock(PASSWORD).shareId()).isEqualTo(link.id());
        assertThat(host.shares.findById(link.id()).orElseThrow().failedAttempts()).isZero();
    }

    @Test
    void theRightPasswordResetsTheCount() {
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> unlock("guess")).isInstanceOf(WrongPasswordException.class);
        }
        unlock(PASSWORD);
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> unlock("guess")).isInstanceOf(WrongPasswordException.class);
        }
        assertThat(host.events(SharingEvent.ShareLocked.class)).isEmpty();
    }

    @Test
    void anOwnerCanClearALockoutSoTheRealAudienceGetsIn() {
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> unlock("guess")).isInstanceOf(SharingException.class);
        }
        assertThat(sharing.getShare(host.editor, link.id()).lockedUntil()).isNotNull();

        ShareDetails cleared = sharing.clearLockout(host.owner, link.id());

        assertThat(cleared.lockedUntil()).isNull();
        assertThat(unlock(PASSWORD).shareId()).isEqualTo(link.id());
        assertThat(host.events(SharingEvent.LockoutCleared.class)).hasSize(1);
    }

    @Test
    void changingThePasswordEndsEveryGrant() {
        Grant grant = unlock(PASSWORD);

        sharing.updateShare(host.editor, link.id(), ShareUpdate.builder().password("new secret").build());

        assertThat(sharing.verifyGrant(grant.value())).isEmpty();
        assertThat(withGrant(grant.value())).isInstanceOf(ShareAccess.PasswordRequired.class);
        assertThatThrownBy(() -> unlock(PASSWORD)).isInstanceOf(WrongPasswordException.class);
        assertThat(withGrant(unlock("new secret").value())).isInstanceOf(ShareAccess.Ready.class);
    }

    @Test
    void removingThePasswordEndsEveryGrantAndOpensTheLink() {
        Grant grant = unlock(PASSWORD);

        sharing.updateShare(host.editor, link.id(), ShareUpdate.builder().removePassword().build());

        assertThat(sharing.verifyGrant(grant.value())).isEmpty();
        assertThat(sharing.resolve(ViewRequest.page(token))).isInstanceOf(ShareAccess.Ready.class);
    }

    @Test
    void revokeAndDeleteEndEveryGrant() {
        Grant first = unlock(PASSWORD);
        ShareDetails other = host.readyShare(sharing, b -> b.password(PASSWORD));
        Grant second = sharing.unlock(UnlockRequest.of(other.token().value(), PASSWORD));

        sharing.revokeShare(host.editor, link.id());
        sharing.deleteShare(host.editor, other.id());

        assertThat(sharing.verifyGrant(first.value())).isEmpty();
        assertThat(sharing.verifyGrant(second.value())).isEmpty();
    }

    @Test
    void aGrantOpensOnlyTheLinkItWasIssuedFor() {
        ShareDetails other = host.readyShare(sharing, b -> b.password(PASSWORD));
        Grant grantForOther = sharing.unlock(UnlockRequest.of(other.token().value(), PASSWORD));

        assertThat(withGrant(grantForOther.value())).isInstanceOf(ShareAccess.PasswordRequired.class);
    }

    @Test
    void aTamperedGrantOpensNothing() {
        String grant = unlock(PASSWORD).value();
        String[] parts = grant.split("\\.");
        String longer = String.join(".", parts[0], parts[1], parts[2], parts[3], String.valueOf(Long.parseLong(parts[4]) + 86_400), parts[5], parts[6]);
        char last = grant.charAt(grant.length() - 2);
        String flipped = grant.substring(0, grant.length() - 2) + (last == 'A' ? 'B' : 'A') + grant.charAt(grant.length() - 1);

        assertThat(sharing.verifyGrant(longer)).isEmpty();
        assertThat(sharing.verifyGrant(flipped)).isEmpty();
        assertThat(sharing.verifyGrant("garbage")).isEmpty();
        assertThat(sharing.verifyGrant(null)).isEmpty();
        assertThat(withGrant(longer)).isInstanceOf(ShareAccess.PasswordRequired.class);
    }

    @Test
    void passwordsLongerThan72BytesAreRefusedAtCreationWithAClearError() {
        String seventyTwoBytes = "é".repeat(36);
        String seventyFourBytes = "é".repeat(37);

        ShareDetails ok = sharing.createShare(host.editor, CreateShareRequest.builder(host.video).password(seventyTwoBytes).build());
        assertThatThrownBy(() -> CreateShareRequest.builder(host.video).password(seventyFourBytes).build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("74 bytes").hasMessageContaining("72")
                .hasMessageNotContaining(seventyFourBytes);
        assertThatThrownBy(() -> ShareUpdate.builder().password(seventyFourBytes)).isInstanceOf(ValidationException.class);
        assertThat(sharing.unlock(UnlockRequest.of(ok.token().value(), seventyTwoBytes)).shareId()).isEqualTo(ok.id());
        // a 73-byte guess whose first 72 bytes are right must not open it (bcrypt would ignore the rest)
        long checks = sharing.passwordChecks();
        assertThatThrownBy(() -> sharing.unlock(UnlockRequest.of(ok.token().value(), seventyTwoBytes + "x")))
                .isInstanceOf(WrongPasswordException.class);
        assertThat(sharing.passwordChecks()).as("no bcrypt comparison for a guess no password can match").isEqualTo(checks);
    }

    @Test
    void anEmptyPasswordIsWrongButNotCounted() {
        assertThatThrownBy(() -> unlock("")).isInstanceOf(WrongPasswordException.class);
        assertThatThrownBy(() -> unlock(null)).isInstanceOf(WrongPasswordException.class);
        assertThat(host.shares.findById(link.id()).orElseThrow().failedAttempts()).isZero();
    }

    @Test
    void twentyConcurrentWrongPasswordsRunExactlyFiveChecksAndLockOnce() throws Exception {
        // a waiting line long enough for all twenty, so none is turned away as busy
        Sharing roomy = host.builder().passwordChecks(2, 32, Duration.ofSeconds(30)).build();
        List<Object> outcomes = Threads.run(20, i -> {
            try {
                return roomy.unlock(UnlockRequest.of(token, "guess-" + i));
            } catch (SharingException e) {
                return e;
            }
        });

        // ten are stopped by the per-token password limit; of the ten left, exactly five reach bcrypt
        assertThat(roomy.passwordChecks()).isEqualTo(5);
        assertThat(host.events(SharingEvent.UnlockFailed.class)).hasSize(5);
        assertThat(host.events(SharingEvent.ShareLocked.class)).hasSize(1);
        assertThat(outcomes).filteredOn(RateLimitedException.class::isInstance).hasSize(10);
        assertThat(outcomes).filteredOn(WrongPasswordException.class::isInstance).hasSize(4);
        assertThat(outcomes).filteredOn(PasswordLockedException.class::isInstance).hasSize(6);
    }

    @Test
    void attemptsBeyondTheWaitingLineAreTurnedAwayAsBusyWithoutCounting() throws Exception {
        Sharing tight = host.builder().passwordChecks(1, 0, Duration.ofMillis(1)).passwordLockout(100, Duration.ofMinutes(10)).build();
        List<Object> outcomes = Threads.run(8, i -> {
            try {
                return tight.unlock(UnlockRequest.of(token, "guess-" + i));
            } catch (SharingException e) {
                return e;
            }
        });

        long busy = outcomes.stream().filter(ServiceBusyException.class::isInstance).count();
        long checked = outcomes.stream().filter(WrongPasswordException.class::isInstance).count();
        assertThat(busy + checked).isEqualTo(8);
        assertThat(host.shares.findById(link.id()).orElseThrow().failedAttempts()).isEqualTo((int) checked);
    }

    @Test
    void passwordChecksBeyondTheCapAreRefusedRatherThanQueuedWithoutBound() throws Exception {
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Sharing capped = host.builder().passwordChecks(1, 0, Duration.ofMillis(10)).eventListener(e -> {
            if (e instanceof SharingEvent.UnlockFailed) {
                checking.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS); // holds the only check slot
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        }).build();
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<?> first = background.submit(() -> capped.unlock(UnlockRequest.of(token, "guess")));
            assertThat(checking.await(10, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> capped.unlock(UnlockRequest.of(token, PASSWORD)))
                    .isInstanceOfSatisfying(ServiceBusyException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));

            release.countDown();
            assertThatThrownBy(first::get).hasCauseInstanceOf(WrongPasswordException.class);
            assertThat(capped.unlock(UnlockRequest.of(token, PASSWORD)).shareId()).isEqualTo(link.id());
        } finally {
            release.countDown();
            background.shutdownNow();
        }
    }

    @Test
    void aPasswordWithNulIsRefusedWhenSetAndAGuessWithNulNeverUnlocksNorCostsBcrypt() {
        assertThatThrownBy(() -> CreateShareRequest.builder(host.video).password("P\0P").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> ShareUpdate.builder().password("P\0")).isInstanceOf(ValidationException.class);
        ShareDetails p = host.readyShare(sharing, b -> b.password("P"));
        long checks = sharing.passwordChecks();

        // jBCrypt stops at the first NUL: "P\0P" would match "P" if it reached bcrypt
        assertThatThrownBy(() -> sharing.unlock(UnlockRequest.of(p.token().value(), "P\0P"))).isInstanceOf(WrongPasswordException.class);
        assertThatThrownBy(() -> sharing.unlock(UnlockRequest.of(p.token().value(), "P\0"))).isInstanceOf(WrongPasswordException.class);

        assertThat(sharing.passwordChecks()).as("no bcrypt for a guess holding NUL").isEqualTo(checks);
        assertThat(host.shares.findById(p.id()).orElseThrow().failedAttempts()).isZero();
        assertThat(sharing.unlock(UnlockRequest.of(p.token().value(), "P")).shareId()).isEqualTo(p.id());
    }

    @Test
    void settingAPasswordDoesNotQueueBehindViewersGuessesThatFillEveryCheckSlot() throws Exception {
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Sharing capped = host.builder().passwordChecks(1, 0, Duration.ofMillis(10)).eventListener(e -> {
            if (e instanceof SharingEvent.UnlockFailed) {
                checking.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS); // holds the viewers' only check slot
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        }).build();
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<?> guess = background.submit(() -> capped.unlock(UnlockRequest.of(token, "guess")));
            assertThat(checking.await(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> capped.unlock(UnlockRequest.of(token, PASSWORD))).isInstanceOf(ServiceBusyException.class);

            // an editor's calls hash in their own slots: neither creating nor changing a password is busy
            ShareDetails created = capped.createShare(host.editor, CreateShareRequest.builder(host.video).password("new one").build());
            capped.updateShare(host.editor, link.id(), ShareUpdate.builder().password("changed").build());

            assertThat(created.hasPassword()).isTrue();
            release.countDown();
            assertThatThrownBy(guess::get).hasCauseInstanceOf(WrongPasswordException.class);
            assertThat(capped.unlock(UnlockRequest.of(token, "changed")).shareId()).isEqualTo(link.id());
        } finally {
            release.countDown();
            background.shutdownNow();
        }
    }

    @Test
    void aLinkWithoutAPasswordGrantsAtOnce() {
        ShareDetails open = host.readyShare(sharing, b -> b);

        Grant grant = sharing.unlock(UnlockRequest.of(open.token().value(), null));

        assertThat(sharing.verifyGrant(grant.value())).isPresent();
    }
}
