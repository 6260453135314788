package dev.clipshare.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipshare.core.memory.InMemoryRateLimiter;
import dev.clipshare.core.spi.RateLimitDecision;
import dev.clipshare.core.spi.RateLimiter;
import dev.clipshare.core.spi.ViewerStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The viewer limits stop abusers, not audiences ({@link ViewerLimits}). */
class RateLimitTest {
    private final Host host = new Host();

    private static ViewRequest page(ShareDetails link, String client) {
        return ViewRequest.page(link.token().value()).withClient(client);
    }

    private static String address(int i) {
        return "198.51." + (i / 250) + "." + (i % 250);
    }

    @Test
    void fiveThousandDistinctClientsViewingOnePublicLinkWithinAMinuteAllGetThePage() {
        Sharing sharing = host.enabled();
        ShareDetails link = host.readyShare(sharing, b -> b);

        int ready = 0;
        for (int i = 0; i < 5_000; i++) {
            if (sharing.resolve(page(link, address(i))) instanceof ShareAccess.Ready) {
                ready++;
            }
            host.clock.advance(Duration.ofMillis(11)); // 5,000 views in 55 s
        }

        assertThat(ready).as("a popular link is never capped service-wide or per link").isEqualTo(5_000);
        assertThat(sharing.getShare(host.editor, link.id()).viewCount()).isEqualTo(5_000);
    }

    @Test
    void oneClientTakes120PageCallsAMinutePerLinkWhileOtherClientsAndLinksAreUnaffected() {
        Sharing sharing = host.enabled();
        ShareDetails link = host.readyShare(sharing, b -> b);
        ShareDetails other = host.readyShare(sharing, b -> b);
        for (int i = 0; i < 120; i++) {
            sharing.resolve(page(link, "203.0.113.7"));
        }

        assertThatThrownBy(() -> sharing.resolve(page(link, "203.0.113.7")))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.scope()).isEqualTo(RateLimitedException.Scope.CLIENT);
                    assertThat(e.retryAfterSeconds()).isEqualTo(1);
                });
        assertThatThrownBy(() -> sharing.unlock(UnlockRequest.of(link.token().value(), null).withClient("203.0.113.7")))
                .as("unlocks count as calls of the link").isInstanceOf(RateLimitedException.class);
        assertThat(sharing.resolve(page(link, "203.0.113.8"))).as("another client").isInstanceOf(ShareAccess.Ready.class);
        assertThat(sharing.resolve(page(other, "203.0.113.7"))).as("another link").isInstanceOf(ShareAccess.Ready.class);
        host.clock.advance(Duration.ofSeconds(1));
        assertThat(sharing.resolve(page(link, "203.0.113.7"))).isInstanceOf(ShareAccess.Ready.class);
    }

    @Test
    void oneClientProbingAThousandUnknownTokensIsRefusedPastItsBudgetAndCostsNoLookupsAfterThat() {
        AtomicInteger lookups = new AtomicInteger();
        ViewerStore counting = (ViewerStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ViewerStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("findByTokenHash")) {
                        lookups.incrementAndGet();
                    }
                    try {
                        return method.invoke(host.shares, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Sharing sharing = host.builder().viewerStore(counting).build();
        int missing = 0;
        int refused = 0;
        RateLimitedException last = null;
        for (int i = 0; i < 1_000; i++) {
            try {
                if (sharing.resolve(ViewRequest.page(ShareToken.generate().value()).withClient("192.0.2.66")) == ShareAccess.MISSING) {
                    missing++;
                }
            } catch (RateLimitedException e) {
                refused++;
                last = e;
            }
        }

        assertThat(missing).as("the per-client probe budget: 60 a minute").isEqualTo(60);
        assertThat(refused).isEqualTo(940);
        assertThat(last.scope()).isEqualTo(RateLimitedException.Scope.PROBES);
        assertThat(last.retryAfter()).as("Retry-After").isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(lookups).as("one lookup per probe within the budget and one to learn it was spent; none after").hasValue(61);
        ShareDetails link = host.readyShare(host.enabled(), b -> b);
        assertThat(sharing.resolve(page(link, "192.0.2.67"))).as("other clients are not refused").isInstanceOf(ShareAccess.Ready.class);
    }

    /** A store that counts share lookups by token (as the probing test's), over the host's. */
    private ViewerStore countingLookups(AtomicInteger lookups, List<String> events) {
        return (ViewerStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ViewerStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("findByTokenHash")) {
                        lookups.incrementAndGet();
                        events.add("lookup");
                    }
                    try {
                        return method.invoke(host.shares, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void aLimiterThatDecidesAtOnceRefusesAClientPastItsLimitBeforeAnyLookup() {
        AtomicInteger lookups = new AtomicInteger();
        Sharing sharing = host.builder().viewerStore(countingLookups(lookups, new ArrayList<>())).build();
        ShareDetails link = host.readyShare(host.enabled(), b -> b);
        for (int i = 0; i < 120; i++) {
            sharing.resolve(page(link, "203.0.113.9"));
        }

        assertThatThrownBy(() -> sharing.resolve(page(link, "203.0.113.9"))).isInstanceOf(RateLimitedException.class);
        assertThat(lookups).as("120 views looked up, the refused 121st not").hasValue(120);
    }

    /** A limiter that decides as the in-memory one but, like Redis, only when awaited; it logs "begin" and "await". */
    private RateLimiter remote(List<String> events) {
        RateLimiter local = new InMemoryRateLimiter(host.clock);
        return new RateLimiter() {
            @Override
            public RateLimitDecision tryAcquire(String key, RateLimit limit) {
                return begin(key, limit).await();
            }

            @Override
            public Pending begin(String key, RateLimit limit) {
                events.add("begin");
                return new Pending() {
                    @Override
                    public RateLimitDecision await() {
                        events.add("await");
                        return local.tryAcquire(key, limit);
                    }

                    @Override
                    public boolean isDone() {
                        return false;
                    }
                };
            }
        };
    }

    @Test
    void aFailingLookupStillAwaitsTheLimitersDecisionItBegan() {
        List<String> events = new ArrayList<>();
        ShareDetails link = host.readyShare(host.enabled(), b -> b);
        ViewerStore failing = (ViewerStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ViewerStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("findByTokenHash")) {
                        events.add("lookup");
                        throw new StorageException("database down");
                    }
                    return method.invoke(host.shares, args);
                });
        Sharing sharing = host.builder().rateLimiter(remote(events)).viewerStore(failing).build();

        assertThatThrownBy(() -> sharing.resolve(page(link, "203.0.113.12"))).isInstanceOf(StorageException.class);
        assertThat(events).as("begun, looked up, and awaited although the lookup failed").containsExactly("begin", "lookup", "await");
    }

    /**
     * A limiter that asks a server (Redis) is awaited after the lookup, so both round trips
     * overlap; a client it refused is then refused from memory until its Retry-After, so only the
     * first refusal of each period costs a lookup and a limiter call.
     */
    @Test
    void aRemoteLimiterOverlapsTheLookupAndItsRefusalsAreRememberedUntilRetryAfter() {
        List<String> events = new ArrayList<>();
        AtomicInteger lookups = new AtomicInteger();
        RateLimiter remote = remote(events);
        Sharing sharing = host.builder().rateLimiter(remote).viewerStore(countingLookups(lookups, events)).build();
        ShareDetails link = host.readyShare(host.enabled(), b -> b);

        assertThat(sharing.resolve(page(link, "203.0.113.10"))).isInstanceOf(ShareAccess.Ready.class);
        assertThat(events).as("the limiter's question is out while the link is looked up").containsExactly("begin", "lookup", "await");
        for (int i = 1; i < 120; i++) {
            sharing.resolve(page(link, "203.0.113.10"));
        }
        events.clear();
        assertThatThrownBy(() -> sharing.resolve(page(link, "203.0.113.10")))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.scope()).isEqualTo(RateLimitedException.Scope.CLIENT));
        assertThat(events).as("the first refusal").containsExactly("begin", "lookup", "await");

        events.clear();
        host.clock.advance(Duration.ofMillis(400));
        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(() -> sharing.resolve(page(link, "203.0.113.10")))
                    .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.retryAfter())
                            .as("what is left of the limiter's Retry-After").isEqualTo(Duration.ofMillis(100)));
        }
        assertThat(events).as("refused from memory: no lookup, no limiter call").isEmpty();
        assertThat(sharing.resolve(page(link, "203.0.113.11"))).as("another client").isInstanceOf(ShareAccess.Ready.class);

        events.clear();
        host.clock.advance(Duration.ofMillis(100));
        assertThat(sharing.resolve(page(link, "203.0.113.10"))).as("its next token, when the limiter said").isInstanceOf(ShareAccess.Ready.class);
        assertThat(events).containsExactly("begin", "lookup", "await");
    }

    @Test
    void probesFromManyAddressesSpendTheServiceWideBudget() {
        Sharing sharing = host.builder().viewerLimits(ViewerLimits.defaults()
                .withProbes(RateLimit.perMinute(1_000), RateLimit.perMinute(8))).build();
        int missing = 0;
        int refused = 0;
        for (int i = 0; i < 100; i++) {
            try {
                sharing.resolve(ViewRequest.page(ShareToken.generate().value()).withClient(address(i)));
                missing++;
            } catch (RateLimitedException e) {
                assertThat(e.scope()).isEqualTo(RateLimitedException.Scope.PROBES);
                refused++;
            }
        }

        assertThat(missing).as("at most the service-wide budget of 8").isBetween(1, 8);
        assertThat(refused).isEqualTo(100 - missing);
    }

    @Test
    void mediaRequestsOfALinkThatOpensAreNeverLimited() {
        Sharing sharing = host.enabled();
        ShareDetails link = host.readyShare(sharing, b -> b);

        for (int i = 0; i < 700; i++) {
            assertThat(sharing.resolve(ViewRequest.of(link.token().value(), ViewRequest.Purpose.MEDIA).withClient("203.0.113.9")))
                    .isInstanceOf(ShareAccess.Ready.class);
        }
        assertThat(sharing.resolve(page(link, "203.0.113.9"))).isInstanceOf(ShareAccess.Ready.class);
    }

    @Test
    void mediaRequestsForTokensThatOpenNothingAreChargedAsProbes() {
        Sharing sharing = host.builder().viewerLimits(ViewerLimits.defaults()
                .withProbes(RateLimit.perMinute(5), RateLimit.perMinute(600))).build();
        for (int i = 0; i < 5; i++) {
            assertThat(sharing.resolve(ViewRequest.of(ShareToken.generate().value(), ViewRequest.Purpose.MEDIA).withClient("192.0.2.9")))
                    .isSameAs(ShareAccess.MISSING);
        }

        assertThatThrownBy(() -> sharing.resolve(ViewRequest.of("not-a-token", ViewRequest.Purpose.DOWNLOAD).withClient("192.0.2.9")))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.scope()).isEqualTo(RateLimitedException.Scope.PROBES));
    }

    @Test
    void tenPasswordAttemptsAMinutePerTokenEvenWhenTheLockoutIsHigher() {
        Sharing sharing = host.builder().passwordLockout(100, Duration.ofMinutes(10)).build();
        sharing.setSharingEnabled(host.owner, Host.LIBRARY, true);
        ShareDetails link = host.readyShare(sharing, b -> b.password("right"));
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> sharing.unlock(UnlockRequest.of(link.token().value(), "wrong").withClient("192.0.2.1")))
                    .isInstanceOf(WrongPasswordException.class);
        }

        assertThatThrownBy(() -> sharing.unlock(UnlockRequest.of(link.token().value(), "right").withClient("192.0.2.2")))
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
            assertThat(sharing.unlock(UnlockRequest.of(link.token().value(), "right").withClient(address(i))).shareId())
                    .isEqualTo(link.id());
        }

        assertThatThrownBy(() -> sharing.unlock(UnlockRequest.of(link.token().value(), "wrong")))
                .isInstanceOf(WrongPasswordException.class);
        assertThatThrownBy(() -> sharing.unlock(UnlockRequest.of(link.token().value(), "wrong")))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.scope()).isEqualTo(RateLimitedException.Scope.PASSWORD_FAILURES));
        assertThat(host.events(SharingEvent.UnlockFailed.class)).hasSize(10);
    }

    @Test
    void failedUnlocksSpendTheClientsProbeBudget() {
        Sharing sharing = host.builder().passwordLockout(1_000, Duration.ofMinutes(10))
                .viewerLimits(ViewerLimits.defaults().withPasswordFailures(RateLimit.perMinute(1_000))
                        .withProbes(RateLimit.perMinute(3), RateLimit.perMinute(600))).build();
        sharing.setSharingEnabled(host.owner, Host.LIBRARY, true);
        ShareDetails link = host.readyShare(sharing, b -> b.password("right"));
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> sharing.unlock(UnlockRequest.of(link.token().value(), "wrong").withClient("192.0.2.3")))
                    .isInstanceOf(WrongPasswordException.class);
        }

        assertThatThrownBy(() -> sharing.resolve(page(link, "192.0.2.3")))
                .as("a client past its probe budget is refused everywhere, before any lookup")
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.scope()).isEqualTo(RateLimitedException.Scope.PROBES));
        assertThat(sharing.unlock(UnlockRequest.of(link.token().value(), "right").withClient("192.0.2.4")).shareId())
                .as("another client").isEqualTo(link.id());
    }

    @Test
    void capsOnTheWholeServiceAndOnOneLinkAreOffByDefaultAndConfigurable() {
        Sharing plain = host.enabled();
        ShareDetails link = host.readyShare(plain, b -> b);
        for (int i = 0; i < 1_000; i++) {
            assertThat(plain.resolve(ViewRequest.page(link.token().value()))).as("no client, no cap").isInstanceOf(ShareAccess.Ready.class);
        }

        Sharing capped = host.builder().viewerLimits(ViewerLimits.defaults().withPerLink(new RateLimit(3, Duration.ofSeconds(30)))
                .withGlobal(RateLimit.perMinute(5))).build();
        for (int i = 0; i < 3; i++) {
            capped.resolve(ViewRequest.page(link.token().value()));
        }
        assertThatThrownBy(() -> capped.resolve(ViewRequest.page(link.token().value())))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.scope()).isEqualTo(RateLimitedException.Scope.TOKEN);
                    assertThat(e.retryAfterSeconds()).isEqualTo(10);
                });
        ShareDetails other = host.readyShare(capped, b -> b);
        capped.resolve(ViewRequest.page(other.token().value()));
        assertThatThrownBy(() -> capped.resolve(ViewRequest.page(other.token().value())))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.scope()).isEqualTo(RateLimitedException.Scope.GLOBAL));
    }
}
