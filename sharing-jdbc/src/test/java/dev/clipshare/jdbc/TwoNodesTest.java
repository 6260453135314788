package dev.clipshare.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipshare.core.ViewerLimits;
import dev.clipshare.core.CreateShareRequest;
import dev.clipshare.core.Export;
import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.ExportId;
import dev.clipshare.core.ExportJob;
import dev.clipshare.core.PasswordLockedException;
import dev.clipshare.core.Principal;
import dev.clipshare.core.RateLimit;
import dev.clipshare.core.RateLimitedException;
import dev.clipshare.core.Role;
import dev.clipshare.core.SealingKey;
import dev.clipshare.core.ShareAccess;
import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.ShareId;
import dev.clipshare.core.ShareNotFoundException;
import dev.clipshare.core.Sharing;
import dev.clipshare.core.SharingEvent;
import dev.clipshare.core.SigningKey;
import dev.clipshare.core.Target;
import dev.clipshare.core.UnlockRequest;
import dev.clipshare.core.ViewRequest;
import dev.clipshare.core.WrongPasswordException;
import dev.clipshare.core.memory.InMemoryMediaStore;
import dev.clipshare.core.spi.AccessPolicy;
import dev.clipshare.core.spi.CompletionOutcome;
import dev.clipshare.testkit.Concurrently;
import dev.clipshare.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two application nodes (two {@link Sharing} facades, two pools, two {@link JdbcStores}) on one
 * PostgreSQL database: what a cluster behind a load balancer does, with requests landing on
 * either node.
 */
@ExtendWith(SkipWithoutDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodesTest {
    private static final String LIBRARY = "team-1";
    private static final ExportArtifacts ARTIFACTS = new ExportArtifacts(Duration.ofSeconds(8), 1280, 720, 1_000_000, "h264", "aac", true);

    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private final Principal owner = new Principal("u-owner", "Olivia Owner");
    private final Principal editor = new Principal("u-editor", "Edith Editor");
    private final List<SharingEvent> events = new CopyOnWriteArrayList<>();
    private final SigningKey signingKey = SigningKey.generate("k1");
    private final SealingKey sealingKey = SealingKey.generate("s1");
    private TestDatabase db;
    private JdbcStores stores1;
    private JdbcStores stores2;
    private Sharing node1;
    private Sharing node2;

    /** Every source belongs to one library; owner and editor are its members. */
    private final AccessPolicy policy = new AccessPolicy() {
        @Override
        public Optional<String> libraryOf(Target target) {
            return Optional.of(LIBRARY);
        }

        @Override
        public Optional<Role> roleOf(Principal principal, String libraryId) {
            return principal.equals(owner) ? Optional.of(Role.OWNER)
                    : principal.equals(editor) ? Optional.of(Role.EDITOR) : Optional.empty();
        }
    };

    @BeforeAll
    void startTwoNodes() {
        db = TestDatabase.create(TestDatabase.Kind.POSTGRESQL);
        stores1 = db.stores(db.pool("node-1"), b -> b.createSchemaIfMissing(true).clock(clock)
                .views(ViewCounting.writeBehind(Duration.ofSeconds(1))));
        stores2 = db.stores(db.pool("node-2"), b -> b.createSchemaIfMissing(true).clock(clock)
                .views(ViewCounting.writeBehind(Duration.ofSeconds(1))));
        node1 = node(stores1);
        node2 = node(stores2);
        node1.setSharingEnabled(owner, LIBRARY, true);
    }

    private Sharing node(JdbcStores stores) {
        return Sharing.builder()
                .clock(clock)
                .accessPolicy(policy)
                .stores(stores)
                .rateLimiter(stores.rateLimiter())
                .mediaStore(new InMemoryMediaStore(clock))
                .eventListener(events::add)
                .signingKeys(signingKey)
                .sealingKeys(sealingKey)
                .bcryptCost(10)
                .passwordChecks(4, 64, Duration.ofSeconds(30))                 // nobody is turned away for being busy
                .viewerLimits(ViewerLimits.defaults().withPasswordFailures(RateLimit.perMinute(1000)))  // only the lockout decides here
                .publicBaseUrl("https://clips.example.com")
                .build();
    }

    @AfterAll
    void stopNodes() {
        if (db != null) {
            db.close();
        }
    }

    private static Target newTarget() {
        return Target.source("video-" + UUID.randomUUID());
    }

    private <T extends SharingEvent> long count(Class<T> type, ShareId share) {
        return events.stream().filter(type::isInstance).filter(e -> share.equals(shareOf(e))).count();
    }

    private static ShareId shareOf(SharingEvent e) {
        if (e instanceof SharingEvent.UnlockFailed u) {
            return u.shareId();
        }
        if (e instanceof SharingEvent.ShareLocked l) {
            return l.shareId();
        }
        return null;
    }

    @Test
    void twentyConcurrentWrongPasswordsOverBothNodesLockTheShareOnceAfterFiveChecks() throws Exception {
        ShareDetails link = node1.createShare(editor, CreateShareRequest.builder(newTarget()).password("blue-heron").build());
        String token = link.token().value();

        List<Class<?>> outcomes = Concurrently.run(20, i -> {
            Sharing node = i % 2 == 0 ? node1 : node2;
            try {
                node.unlock(UnlockRequest.of(token, "wrong-guess-" + i));
                return Object.class;
            } catch (WrongPasswordException | PasswordLockedException e) {
                return e.getClass();
            }
        });

        assertThat(count(SharingEvent.UnlockFailed.class, link.id())).as("bcrypt checks that ran").isEqualTo(5);
        assertThat(count(SharingEvent.ShareLocked.class, link.id())).as("locks").isEqualTo(1);
        assertThat(outcomes).filteredOn(c -> c == WrongPasswordException.class).hasSize(4);
        assertThat(outcomes).filteredOn(c -> c == PasswordLockedException.class).hasSize(16);
        // even the right password is refused on either node while the lock runs
        assertThatThrownBy(() -> node2.unlock(UnlockRequest.of(token, "blue-heron"))).isInstanceOf(PasswordLockedException.class);
        assertThatThrownBy(() -> node1.unlock(UnlockRequest.of(token, "blue-heron"))).isInstanceOf(PasswordLockedException.class);
        clock.advance(Duration.ofMinutes(10));
        assertThat(node2.unlock(UnlockRequest.of(token, "blue-heron"))).isNotNull();
    }

    @Test
    void theHundredAndTwentyFirstPageRequestOfAMinuteOfOneClientOverBothNodesIsRateLimited() {
        ShareDetails link = node1.createShare(editor, CreateShareRequest.builder(newTarget()).build());
        String token = link.token().value();
        for (int i = 0; i < 120; i++) {
            Sharing node = i % 2 == 0 ? node1 : node2;
            assertThat(node.resolve(ViewRequest.page(token).withClient("203.0.113.5")).state()).as("request %d", i + 1)
                    .isEqualTo(ShareAccess.State.PROCESSING);
        }

        assertThatThrownBy(() -> node1.resolve(ViewRequest.page(token).withClient("203.0.113.5")))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.scope()).isEqualTo(RateLimitedException.Scope.CLIENT);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(500)); // 120 per minute: one every 500 ms
                });
        assertThatThrownBy(() -> node2.resolve(ViewRequest.page(token).withClient("203.0.113.5"))).isInstanceOf(RateLimitedException.class);
        assertThat(node2.resolve(ViewRequest.page(token).withClient("203.0.113.6")).state()).as("another client")
                .isEqualTo(ShareAccess.State.PROCESSING);
        clock.advance(Duration.ofMillis(500));
        assertThat(node2.resolve(ViewRequest.page(token).withClient("203.0.113.5")).state()).isEqualTo(ShareAccess.State.PROCESSING);
    }


    @Test
    void aRevokeOnOneNodeIsSeenByTheOtherAtOnce() {
        ShareDetails link = node1.createShare(editor, CreateShareRequest.builder(newTarget()).build());
        runExports(node1, "w", link.target());
        String token = link.token().value();
        assertThat(node2.resolve(ViewRequest.page(token)).state()).isEqualTo(ShareAccess.State.READY);

        node1.revokeShare(editor, link.id());

        assertThat(node2.resolve(ViewRequest.page(token))).isSameAs(ShareAccess.MISSING);
        assertThatThrownBy(() -> node2.unlock(UnlockRequest.of(token, null))).isInstanceOf(ShareNotFoundException.class);
        assertThat(node2.getShare(editor, link.id()).isRevoked()).isTrue();
    }

    @Test
    void pageViewsOnBothNodesAllCountOnceWritten() {
        ShareDetails link = node1.createShare(editor, CreateShareRequest.builder(newTarget()).build());
        runExports(node2, "w", link.target());
        for (int i = 0; i < 30; i++) {
            (i % 2 == 0 ? node1 : node2).resolve(ViewRequest.page(link.token().value()));
        }

        stores1.shareStore().flushViews();
        stores2.shareStore().flushViews();

        assertThat(node1.getShare(editor, link.id()).viewCount()).isEqualTo(30);
        assertThat(node2.getShare(editor, link.id()).viewCount()).isEqualTo(30);
    }

    @Test
    void eachExportJobIsRunByExactlyOneNode() throws Exception {
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Target t = newTarget();
            targets.add(t);
            (i % 2 == 0 ? node1 : node2).createShare(editor, CreateShareRequest.builder(t).build()); // queues its export
        }

        List<List<ExportId>> ran = Concurrently.run(4, i -> runExports(i % 2 == 0 ? node1 : node2, "node" + (i % 2) + "-worker" + i, null));

        List<ExportId> all = ran.stream().flatMap(List::stream).toList();
        assertThat(all).doesNotHaveDuplicates();
        for (Target t : targets) {
            Export done = stores1.exportStore().latestCompleted(t).orElseThrow();
            assertThat(all).contains(done.id());
            assertThat(done.attempts()).as("claimed once").isEqualTo(1);
        }
    }

    /** Drains the queue as a worker on {@code node}; returns the jobs it ran. */
    private List<ExportId> runExports(Sharing node, String worker, Target expected) {
        List<ExportId> ran = new ArrayList<>();
        Optional<ExportJob> job;
        while ((job = node.exportQueue().claim(worker)).isPresent()) {
            assertThat(node.exportQueue().complete(job.get(), ARTIFACTS)).isEqualTo(CompletionOutcome.COMPLETED);
            ran.add(job.get().id());
        }
        if (expected != null) {
            assertThat(node.exportQueue().find(ran.get(ran.size() - 1))).hasValueSatisfying(e -> assertThat(e.isCompleted()).isTrue());
        }
        return ran;
    }
}
