package dev.clipshare.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    private final Host host = new Host();

    @Test
    void theWholeServiceTakes600ViewerRequestsAMinute() {
        Sharing sharing = host.enabled();
        for (int i = 0; i < 600; i++) {
            sharing.resolve(ViewRequest.page(ShareToken.generate().value()));
        }

        assertThatThrownBy(() -> sharing.resolve(ViewRequest.page(ShareToken.generate().value())))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.scope()).isEqualTo(RateLimitedException.Scope.GLOBAL);
                    assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(100));
                });
        host.clock.advance(Duration.ofMillis(100));
        assertThat(sharing.resolve(ViewRequest.page(ShareToken.generate().value()))).isSameAs(ShareAccess.MISSING);
    }

    @Test
    void oneTokenTakes120RequestsAMinuteWhileOthersAreUnaffected() {
        Sharing sharing = host.enabled();
        ShareDetails link = host.readyShare(sharing, b -> b);
        ShareDetails other = host.readyShare(sharing, b -> b);
        for (int i = 0; i < 120; i++) {
            sharing.resolve(ViewRequest.page(link.token().value()));
        }

        assertThatThrownBy(() -> sharing.resolve(ViewRequest.page(link.token().value())))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.scope()).isEqualTo(RateLimitedException.Scope.TOKEN);
                    assertThat(e.retryAfterSeconds()).isEqualTo(1);
                });
        assertThatThrownBy(() -> sharing.unlock(UnlockRequest.of(link.token().value(), null)))
                .isInstanceOf(RateLimitedException.class);
        assertThat(sharing.resolve(ViewRequest.page(other.token().value()))).isInstanceOf(ShareAccess.Ready.class);
        host.clock.advance(Duration.ofSeconds(1));
        assertThat(sharing.resolve(ViewRequest.page(link.token().value()))).isInstanceOf(ShareAccess.Ready.class);
    }

    @Test
    void tenPasswordAttemptsAMinutePerTokenEvenWhenTheLockoutIsHigher() {
        Sharing sharing = host.builder().passwordLockout(100, Duration.ofMinutes(10)).build();
        sharing.setSharingEnabled(host.owner, Host.LIBRARY, true);
        ShareDetails link = host.readyShare(sharing, b -> b.password("right"));
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> sharing.unlock(UnlockRequest.of(link.token().value(), "wrong")))
                    .isInstanceOf(WrongPasswordException.class);
        }

        assertThatThrownBy(() -> sharing.unlock(UnlockRequest.of(link.token().value(), "right")))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.scope()).isEqualTo(RateLimitedException.Scope.PASSWORD_FAILURES));
        assertThat(host.events(SharingEvent.UnlockFailed.class)).hasSize(10);
        host.clock.advance(Duration.ofSeconds(6));
        assertThat(sharing.unlock(UnlockRequest.of(link.token().value(), "right")).shareId()).isEqualTo(link.id());
    }

    @Test
    void rightPasswordsDoNotCountTowardsThePasswordFailureLimit() {
        Sharing sharing = host.builder().passwordLockout(100, Duration.ofMinutes(10)).build();
        sharing.setSharingEnabled(host.owner, Host.LIBRARY, true);
        ShareDetails link = host.readyShare(sharing, b -> b.password("right"));
        for (int i = 0; i < 9; i++) {
            assertThatThrownBy(() -> sharing.unlock(UnlockRequest.of(link.token().value(), "wrong")))
                    .isInstanceOf(WrongPasswordException.class);
        }
        // a whole team opening a popular link within the minute
        for (int i = 0; i < 30; i++) {
            assertThat(sharing.unlock(UnlockRequest.of(link.token().value(), "right")).shareId()).isEqualTo(link.id());
        }

        assertThatThrownBy(() -> sharing.unlock(UnlockRequest.of(link.token().value(), "wrong")))
                .isInstanceOf(WrongPasswordException.class);
        assertThatThrownBy(() -> sharing.unlock(UnlockRequest.of(link.token().value(), "wrong")))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.scope()).isEqualTo(RateLimitedException.Scope.PASSWORD_FAILURES));
        assertThat(host.events(SharingEvent.UnlockFailed.class)).hasSize(10);
    }

    @Test
    void mediaRequestsAreNotCountedAgainstTheViewerLimits() {
        Sharing sharing = host.enabled();
        ShareDetails link = host.readyShare(sharing, b -> b);

        for (int i = 0; i < 700; i++) {
            assertThat(sharing.resolve(ViewRequest.of(link.token().value(), ViewRequest.Purpose.MEDIA)))
                    .isInstanceOf(ShareAccess.Ready.class);
        }
        assertThat(sharing.resolve(ViewRequest.page(link.token().value()))).isInstanceOf(ShareAccess.Ready.class);
    }

    @Test
    void mediaRequestsForTokensThatOpenNothingAreChargedLikePages() {
        Sharing sharing = host.builder().globalRateLimit(RateLimit.perMinute(5)).build();
        sharing.setSharingEnabled(host.owner, Host.LIBRARY, true);
        for (int i = 0; i < 5; i++) {
            assertThat(sharing.resolve(ViewRequest.of(ShareToken.generate().value(), ViewRequest.Purpose.MEDIA)))
                    .isSameAs(ShareAccess.MISSING);
        }

        assertThatThrownBy(() -> sharing.resolve(ViewRequest.of("not-a-token", ViewRequest.Purpose.DOWNLOAD)))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.scope()).isEqualTo(RateLimitedException.Scope.GLOBAL));
    }

    @Test
    void limitsAreConfigurable() {
        Sharing sharing = host.builder().tokenRateLimit(new RateLimit(3, Duration.ofSeconds(30))).build();
        sharing.setSharingEnabled(host.owner, Host.LIBRARY, true);
        ShareDetails link = host.readyShare(sharing, b -> b);
        for (int i = 0; i < 3; i++) {
            sharing.resolve(ViewRequest.page(link.token().value()));
        }

        assertThatThrownBy(() -> sharing.resolve(ViewRequest.page(link.token().value())))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(10));
    }
}
