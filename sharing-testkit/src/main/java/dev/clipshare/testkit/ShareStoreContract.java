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
import dev.clipshare.core.spi.PasswordAttempt;
import dev.clipshare.core.spi.ShareChanges;
import dev.clipshare.core.spi.LibrarySettingsStore;
import dev.clipshare.core.spi.ShareStore;
import dev.clipshare.core.spi.ViewerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What "a {@link ShareStore} works" means, with the {@link ViewerStore} and
 * {@link LibrarySettingsStore} over the same data: the three share-side interfaces, implemented by
 * one class in every store of this project (the type parameter). Every store (in memory, H2,
 * PostgreSQL, MariaDB, Redis, your own) proves itself by passing this class through a short
 * subclass:
 *
 * <pre>{@code
 * class RedisShareStoreTest extends ShareStoreContract<RedisShareStore> {
 *     @Override
 *     protected RedisShareStore createStore() {
 *         return new RedisShareStore(connection, prefix);
 *     }
 *
 *     @Override   // a second node: its own connection, the same data
 *     protected Optional<RedisShareStore> createSecondInstance(RedisShareStore first) {
 *         return Optional.of(new RedisShareStore(secondConnection, prefix));
 *     }
 * }
 * }</pre>
 *
 * <p>The cases come in parts, one class each, that this class combines (extend this one, never a
 * part): {@link ShareStoreRecordCases} (insert and find, idempotency keys, one link per
 * visibility, duplicate ids and tokens, the library switch), {@link ShareStoreListingCases}
 * (listing and paging, update, revoke, delete, the credential version rule),
 * {@link ShareStoreViewerCases} (views, password attempts) and this class (many threads on one
 * instance, and races between two instances, {@link #raceRounds()} rounds each).
 *
 * <p>{@link #createStore()} is called before every test. Tests use fresh random ids, targets and
 * libraries, so the store need not be empty. The concurrency tests use up to 20 threads: a store
 * backed by a connection pool should allow a few connections.
 *
 * <p><b>Several nodes.</b> Override {@link #createSecondInstance} with a second, independent
 * instance over the same data (its own connection or pool: what a second application node
 * builds). The races then run with one racer on each instance, so a store that keeps its
 * atomicity with a Java lock fails them. Without it the races run on one instance (which proves
 * less; the failure messages say which) and the visibility test is skipped, visibly.
 *
 * <p>What the contract does not cover: a store's behaviour when its backend fails (throw
 * {@link dev.clipshare.core.StorageException}, leave nothing half-written) and its speed; test
 * those yourself.
 */
public abstract class ShareStoreContract<S extends ShareStore & ViewerStore & LibrarySettingsStore>
        extends ShareStoreViewerCases<S> {

    // ------------------------------------------------------------------ many threads on one instance

    @Test
    void concurrentRetriesWithOneIdempotencyKeyStoreOneShare() throws Exception {
        Principal creator = new Principal("user-" + UUID.randomUUID(), "Ada");
        Target target = TestShares.randomTarget();
        List<Share> attempts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            attempts.add(TestShares.share(target).createdBy(creator).idempotencyKey("same").build());
        }

        List<Share> answers = concurrently(attempts.size(), i -> store().insert(attempts.get(i), LinksPerTarget.MULTIPLE));

        assertThat(answers).extracting(Share::id).containsOnly(answers.get(0).id());
        assertThat(store().list(new ShareQuery(target, true, null, 50))).hasSize(1);
    }


    @Test
    void twentyConcurrentInsertsUnderOnePerVisibilityStoreExactlyOne() throws Exception {
        Target target = TestShares.randomTarget();
        List<Share> candidates = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            candidates.add(TestShares.share(target).build());
        }

        List<Object> outcomes = concurrently(20, i -> {
            try {
                return store().insert(candidates.get(i), LinksPerTarget.ONE_PER_VISIBILITY);
            } catch (ShareConflictException e) {
                return e;
            }
        });

        assertThat(outcomes).filteredOn(o -> o instanceof Share).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof ShareConflictException).hasSize(19);
        assertThat(store().list(new ShareQuery(target, true, null, 50))).hasSize(1);
    }


    @Test
    void concurrentPasswordChangesEachBumpTheCredentialVersion() throws Exception {
        Share share = store().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);

        concurrently(10, i -> store().update(share.id(), ShareChanges.none(T0).withPasswordHash(Change.set(TestShares.SAMPLE_HASH))));

        assertThat(store().findById(share.id()).orElseThrow().credentialVersion()).isEqualTo(share.credentialVersion() + 10);
    }

    @Test
    void concurrentUpdatesOfDifferentFieldsBothLand() throws Exception {
        Share share = store().insert(TestShares.share().title("t0").allowDownload(false).build(), LinksPerTarget.MULTIPLE);

        concurrently(2, i -> i == 0
                ? store().update(share.id(), ShareChanges.none(T0).withTitle(Change.set("t1")))
                : store().update(share.id(), ShareChanges.none(T0).withAllowDownload(Change.set(true))));

        Share after = store().findById(share.id()).orElseThrow();
        assertThat(after.title()).isEqualTo("t1");
        assertThat(after.allowDownload()).isTrue();
    }


    @Test
    void eightThreadsAddingAThousandViewsEachCountEightThousand() throws Exception {
        Share share = store().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);

        concurrently(8, i -> {
            for (int v = 0; v < 1000; v++) {
                store().addViews(share.id(), 1);
            }
            return null;
        });

        assertThat(store().findById(share.id()).orElseThrow().viewCount()).isEqualTo(8000);
    }


    @Test
    void twentyConcurrentAttemptsPermitExactlyFiveAndLockOnce() throws Exception {
        Share share = store().insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH).build(), LinksPerTarget.MULTIPLE);

        List<PasswordAttempt> attempts = concurrently(20,
                i -> store().reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10)));

        assertThat(attempts).filteredOn(PasswordAttempt::permitted).hasSize(5);
        assertThat(attempts).filteredOn(PasswordAttempt::locksOnFailure).hasSize(1);
        assertThat(attempts).filteredOn(a -> !a.permitted()).hasSize(15)
                .allSatisfy(a -> assertThat(a.lockedUntil()).isEqualTo(T0.plus(Duration.ofMinutes(10))));
        assertThat(attempts).filteredOn(PasswordAttempt::permitted).extracting(PasswordAttempt::failures)
                .containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    }



    // ------------------------------------------------------------------ races across nodes, many rounds

    /** Calls per racer per round: a burst, so that two racers' calls overlap even when they start a little apart. */
    private static final int BURST = 5;
    /** The most calls per racer per round. */
    private static final int MAX_BURST = 64;

    /**
     * The fewest rounds each race below runs; then it goes on while it has run for less than
     * {@link #raceBudget()}, up to a thousand rounds. Every round is a fresh race with one racer
     * on each instance, so a store that is atomic only within one instance (a Java lock) loses
     * one of them: an in-memory store gets hundreds of rounds for the budget, a database store,
     * whose round trips make its race windows wide, its minimum.
     */
    protected int raceRounds() {
        return 10;
    }

    /** How long each race goes on past {@link #raceRounds()} while rounds are cheap. */
    protected Duration raceBudget() {
        return Duration.ofMillis(250);
    }

    private <C, T> void race(Races.SetUp<C> setUp, Races.Action<C, T> action, Races.Check<C, T> check) throws Exception {
        Races.run(2, raceRounds(), Math.max(raceRounds(), 1000), raceBudget(), setUp, action, check);
    }

    @Test
    void racingCreatesUnderOnePerVisibilityOnTwoNodesStoreExactlyOnePerTarget() throws Exception {
        List<S> nodes = nodes();
        this.<Walk, Void>race(round -> new Walk(), (walk, racer) -> {
            walk.cross(racer, target -> {
                try {
                    nodes.get(racer).insert(TestShares.share(target).build(), LinksPerTarget.ONE_PER_VISIBILITY);
                } catch (ShareConflictException expected) {
                    // the other racer's create won this target
                }
            });
            return null;
        }, (round, walk, none) -> {
            for (Target target : walk.touched()) {
                assertThat(store().list(ShareQuery.of(target).withRevoked(true)))
                        .as("one link per visibility, round %d %s: creates racing for one target must store"
                                + " exactly one link and refuse the others with ShareConflictException", round, where())
                        .hasSize(1);
            }
        });
    }

    @Test
    void racingRetriesOfOneCreateOnTwoNodesUnderOnePerVisibilityBothAnswerTheOneShare() throws Exception {
        List<S> nodes = nodes();
        Principal creator = new Principal("user-" + UUID.randomUUID(), "Ada");
        this.<Walk, Map<Target, Object>>race(round -> new Walk(), (walk, racer) -> {
            Map<Target, Object> outcomes = new HashMap<>();
            walk.cross(racer, target -> {
                try {
                    outcomes.put(target, nodes.get(racer).insert(TestShares.share(target).createdBy(creator)
                            .idempotencyKey("retry-" + target.sourceId()).build(), LinksPerTarget.ONE_PER_VISIBILITY));
                } catch (ShareConflictException e) {
                    outcomes.put(target, e);
                }
            });
            return outcomes;
        }, (round, walk, outcomes) -> {
            for (Target target : walk.touched()) {
                List<Object> answers = outcomes.stream().map(m -> m.get(target)).filter(Objects::nonNull).toList();
                assertThat(answers).as("idempotent retry, round %d %s: a retry of a create (same creator, same key)"
                                + " racing the first call must answer the share the first call stored, never a"
                                + " one-per-visibility conflict", round, where())
                        .allSatisfy(o -> assertThat(o).isInstanceOf(Share.class));
                assertThat(answers).as("idempotent retry, round %d %s: every call answers the same share", round, where())
                        .extracting(o -> ((Share) o).id()).containsOnly(((Share) answers.get(0)).id());
                assertThat(store().list(ShareQuery.of(target).withRevoked(true)))
                        .as("idempotent retry, round %d %s: one share stored per key", round, where()).hasSize(1);
            }
        });
    }

    @Test
    void racingPasswordAttemptsOnTwoNodesPermitExactlyTheLimitAndLockOnce() throws Exception {
        List<S> nodes = nodes();
        Duration lockout = Duration.ofMinutes(10);
        int limit = 2 * BURST + 4;              // each racer tries limit/2 + 2 times or more: the lock always comes
        this.<Share, List<PasswordAttempt>>race(
                round -> store().insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH).build(), LinksPerTarget.MULTIPLE),
                (share, racer) -> {
                    List<PasswordAttempt> mine = new ArrayList<>();
                    for (int i = 0; i < limit / 2 + 2 || !Races.everyoneStarted() && i < MAX_BURST; i++) {
                        mine.add(nodes.get(racer).reservePasswordAttempt(share.id(), T0, limit, lockout));
                    }
                    return mine;
                }, (round, share, perRacer) -> {
                    List<PasswordAttempt> all = perRacer.stream().flatMap(List::stream).toList();
                    assertThat(all).as("password lockout, round %d %s: %d attempts racing against a limit of %d must"
                                    + " permit exactly %d, counted 1, 2, 3... (counting and locking are one atomic step)",
                                    round, where(), all.size(), limit, limit)
                            .filteredOn(PasswordAttempt::permitted).extracting(PasswordAttempt::failures)
                            .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, limit).boxed().toList());
                    assertThat(all).as("password lockout, round %d %s: exactly one attempt sets the lock", round, where())
                            .filteredOn(PasswordAttempt::locksOnFailure).hasSize(1);
                    assertThat(store().findById(share.id()).orElseThrow().lockedUntil())
                            .as("password lockout, round %d %s: the share is locked until now + lockout", round, where())
                            .isEqualTo(T0.plus(lockout));
                });
    }

    @Test
    void racingViewsOnTwoNodesLoseNone() throws Exception {
        List<S> nodes = nodes();
        this.<Share, Integer>race(round -> store().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE),
                (share, racer) -> {
                    int added = 0;
                    while (added < BURST || !Races.everyoneStarted() && added < MAX_BURST) {
                        nodes.get(racer).addViews(share.id(), 1);
                        added++;
                    }
                    return added;
                }, (round, share, added) -> assertThat(store().findById(share.id()).orElseThrow().viewCount())
                        .as("no view lost, round %d %s: two nodes adding %s views must count them all"
                                + " (an increment, never read-modify-write)", round, where(), added)
                        .isEqualTo(added.get(0) + added.get(1)));
    }

    @Test
    void racingRevokeAndPasswordChangesOnTwoNodesEachMoveTheCredentialVersion() throws Exception {
        List<S> nodes = nodes();
        this.<Share, Integer>race(round -> store().insert(TestShares.share().title("before").build(), LinksPerTarget.MULTIPLE),
                (share, racer) -> {
                    int writes = 0;
                    while (writes < BURST || !Races.everyoneStarted() && writes < MAX_BURST) {
                        if (racer == 0 && writes == BURST / 2) {
                            nodes.get(0).revoke(share.id(), T0.plusSeconds(1));
                        } else {
                            nodes.get(racer).update(share.id(), ShareChanges.none(T0.plusSeconds(1))
                                    .withTitle(Change.set("after-" + racer)).withPasswordHash(Change.set(TestShares.SAMPLE_HASH)));
                        }
                        writes++;
                    }
                    return writes;
                }, (round, share, writes) -> {
                    Share after = store().findById(share.id()).orElseThrow();
                    assertThat(after.credentialVersion()).as("credential version, round %d %s: a revoke and password"
                                    + " changes racing on two nodes (%s writes) must each add one (the increment is part"
                                    + " of the same write)", round, where(), writes)
                            .isEqualTo(share.credentialVersion() + writes.get(0) + writes.get(1));
                    assertThat(after.isRevoked()).as("credential version, round %d %s: the revocation racing updates"
                            + " must land (no update may write back a stale unrevoked copy)", round, where()).isTrue();
                    assertThat(after.title()).as("round %d %s: the last update's title lands", round, where())
                            .startsWith("after-");
                });
    }

    @Test
    void racingPasswordChangesOnTwoNodesAnswerEachItsOwnVersion() throws Exception {
        List<S> nodes = nodes();
        this.<Share, List<Long>>race(round -> store().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE),
                (share, racer) -> {
                    List<Long> versions = new ArrayList<>();
                    while (versions.size() < BURST || !Races.everyoneStarted() && versions.size() < MAX_BURST) {
                        versions.add(nodes.get(racer).update(share.id(), ShareChanges.none(T0)
                                .withPasswordHash(Change.set(TestShares.SAMPLE_HASH))).orElseThrow().credentialVersion());
                    }
                    return versions;
                }, (round, share, answers) -> {
                    int writes = answers.get(0).size() + answers.get(1).size();
                    assertThat(store().findById(share.id()).orElseThrow().credentialVersion())
                            .as("credential version, round %d %s: %d password changes racing must add %d",
                                    round, where(), writes, writes)
                            .isEqualTo(share.credentialVersion() + writes);
                    assertThat(answers.stream().flatMap(List::stream)).as("credential version, round %d %s: each update"
                                    + " answers the share as its own write left it, so no two answers repeat a version",
                                    round, where())
                            .doesNotHaveDuplicates();
                });
    }

    /**
     * Targets two racers walk from opposite ends, each stopping one target after it met the
     * other's path (and after {@link #BURST} targets): they race on the targets where they cross,
     * however far apart they started.
     */
    private static final class Walk {
        private final List<Target> targets = new ArrayList<>();
        private final AtomicIntegerArray seen;

        Walk() {
            for (int i = 0; i < MAX_BURST; i++) {
                targets.add(TestShares.randomTarget());
            }
            seen = new AtomicIntegerArray(MAX_BURST);
        }

        void cross(int racer, java.util.function.Consumer<Target> step) {
            for (int i = 0; i < MAX_BURST; i++) {
                int at = racer == 0 ? i : MAX_BURST - 1 - i;
                boolean met = seen.getAndAdd(at, 1 + racer) != 0;
                step.accept(targets.get(at));
                if (met && i >= BURST) {
                    return;
                }
            }
        }

        List<Target> touched() {
            List<Target> touched = new ArrayList<>();
            for (int i = 0; i < MAX_BURST; i++) {
                if (seen.get(i) != 0) {
                    touched.add(targets.get(i));
                }
            }
            return touched;
        }
    }

    // ------------------------------------------------------------------ several nodes (optional)

    @Test
    void aSecondInstanceOverTheSameDataSeesEveryChangeAtOnce() {
        Optional<S> second = createSecondInstance(store());
        Assumptions.assumeTrue(second.isPresent(), "this store is not shared across nodes");
        S other = second.get();
        Share share = store().insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH).build(), LinksPerTarget.ONE_PER_VISIBILITY);

        assertThat(other.findByTokenHash(share.tokenHash())).contains(share);
        assertThatThrownBy(() -> other.insert(TestShares.share(share.target()).build(), LinksPerTarget.ONE_PER_VISIBILITY))
                .isInstanceOf(ShareConflictException.class);
        for (int i = 0; i < 3; i++) {
            store().reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10));
            other.reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10));
        }
        other.addViews(share.id(), 3);
        store().revoke(share.id(), T0);

        Share seen = other.findById(share.id()).orElseThrow();
        assertThat(seen.isRevoked()).isTrue();
        assertThat(seen.viewCount()).isEqualTo(3);
        assertThat(seen.lockedUntil()).isNotNull();
    }

}
