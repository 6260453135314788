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

        assertThat(answers)
                .as("idempotency key, 10 threads retrying one create: every call answers the same share")
                .extracting(Share::id).containsOnly(answers.get(0).id());
        assertThat(store().list(new ShareQuery(target, true, null, 50)))
                .as("idempotency key, 10 threads retrying one create: one share is stored").hasSize(1);
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

        assertThat(outcomes)
                .as("one link per visibility, 20 concurrent creates: exactly one is stored")
                .filteredOn(o -> o instanceof Share).hasSize(1);
        assertThat(outcomes)
                .as("one link per visibility, 20 concurrent creates: the other 19 are refused with ShareConflictException")
                .filteredOn(o -> o instanceof ShareConflictException).hasSize(19);
        assertThat(store().list(new ShareQuery(target, true, null, 50)))
                .as("one link per visibility, 20 concurrent creates: the target holds one share").hasSize(1);
    }


    @Test
    void concurrentPasswordChangesEachBumpTheCredentialVersion() throws Exception {
        Share share = store().insert(TestShares.share().build(), LinksPerTarget.MULTIPLE);

        concurrently(10, i -> store().update(share.id(), ShareChanges.none(T0).withPasswordHash(Change.set(TestShares.SAMPLE_HASH))));

        assertThat(store().findById(share.id()).orElseThrow().credentialVersion())
                .as("credential version: 10 concurrent password changes each add one (the increment is part of the write)")
                .isEqualTo(share.credentialVersion() + 10);
    }

    @Test
    void concurrentUpdatesOfDifferentFieldsBothLand() throws Exception {
        Share share = store().insert(TestShares.share().title("t0").allowDownload(false).build(), LinksPerTarget.MULTIPLE);

        concurrently(2, i -> i == 0
                ? store().update(share.id(), ShareChanges.none(T0).withTitle(Change.set("t1")))
                : store().update(share.id(), ShareChanges.none(T0).withAllowDownload(Change.set(true))));

        Share after = store().findById(share.id()).orElseThrow();
        assertThat(after.title())
                .as("concurrent updates of different fields: the title written by one lands (no stale copy written back)")
                .isEqualTo("t1");
        assertThat(after.allowDownload())
                .as("concurrent updates of different fields: the download switch written by the other lands").isTrue();
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

        assertThat(store().findById(share.id()).orElseThrow().viewCount())
                .as("views: 8 threads adding 1000 views each count 8000 (an increment, never read-modify-write)")
                .isEqualTo(8000);
    }


    @Test
    void twentyConcurrentAttemptsPermitExactlyFiveAndLockOnce() throws Exception {
        Share share = store().insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH).build(), LinksPerTarget.MULTIPLE);

        List<PasswordAttempt> attempts = concurrently(20,
                i -> store().reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10)));

        assertThat(attempts)
                .as("password lockout, 20 concurrent attempts against a limit of 5: exactly 5 are permitted")
                .filteredOn(PasswordAttempt::permitted).hasSize(5);
        assertThat(attempts)
                .as("password lockout, 20 concurrent attempts: exactly one sets the lock")
                .filteredOn(PasswordAttempt::locksOnFailure).hasSize(1);
        assertThat(attempts)
                .as("password lockout, 20 concurrent attempts: the other 15 are refused, each reporting the one lock")
                .filteredOn(a -> !a.permitted()).hasSize(15)
                .allSatisfy(a -> assertThat(a.lockedUntil()).isEqualTo(T0.plus(Duration.ofMinutes(10))));
        assertThat(attempts)
                .as("password lockout, 20 concurrent attempts: the permitted ones count 1 to 5, each once")
                .filteredOn(PasswordAttempt::permitted).extracting(PasswordAttempt::failures)
                .containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    }



    // ------------------------------------------------------------------ races across nodes, many rounds

    /** Steps per racer per round: at each step both racers make their call at the same instant. */
    private static final int STEPS = 5;
    /** Steps whose two calls must have overlapped in time before a race may pass. */
    private static final int RACED_STEPS = 20;

    /**
     * The fewest rounds each race below runs; then it goes on while it has run for less than
     * {@link #raceBudget()}, up to a thousand rounds, and with a second instance past that until
     * {@value #RACED_STEPS} steps really overlapped in time (1 s more at most). Every round is a
     * fresh race with one racer on each instance, whose calls start together step by step ({@link Races#together}),
     * so a store that is atomic only within one instance (a Java lock) loses one of them: an
     * in-memory store gets hundreds of rounds for the budget, a database store, whose round trips
     * make its race windows wide, its minimum.
     */
    protected int raceRounds() {
        return 10;
    }

    /** How long each race goes on past {@link #raceRounds()} while rounds are cheap. */
    protected Duration raceBudget() {
        return Duration.ofMillis(250);
    }

    private <C, T> void race(Races.SetUp<C> setUp, Races.Action<C, T> action, Races.Check<C, T> check) throws Exception {
        // one instance proves little either way; there, short calls on a busy machine rarely overlap
        int racedSteps = twoNodes() ? RACED_STEPS : 0;
        Races.run(2, raceRounds(), Math.max(raceRounds(), 1000), raceBudget(), racedSteps, setUp, action, check);
    }

    /** Fresh targets, one per step. */
    private static List<Target> targets(int count) {
        return IntStream.range(0, count).mapToObj(i -> TestShares.randomTarget()).toList();
    }

    @Test
    void racingCreatesUnderOnePerVisibilityOnTwoNodesStoreExactlyOnePerTarget() throws Exception {
        List<S> nodes = nodes();
        this.<List<Target>, List<Object>>race(round -> targets(STEPS), (targets, racer) -> {
            List<Object> outcomes = new ArrayList<>();
            for (Target target : targets) {
                outcomes.add(Races.together(() -> {
                    try {
                        return nodes.get(racer).insert(TestShares.share(target).build(), LinksPerTarget.ONE_PER_VISIBILITY);
                    } catch (ShareConflictException e) {
                        return e;
                    }
                }));
            }
            return outcomes;
        }, (round, targets, outcomes) -> {
            for (int i = 0; i < targets.size(); i++) {
                int step = i;
                assertThat(outcomes.stream().map(o -> o.get(step)).toList())
                        .as("one link per visibility, round %d %s: two creates racing for one target must store exactly"
                                + " one link and refuse the other with ShareConflictException", round, where())
                        .filteredOn(o -> o instanceof Share).hasSize(1);
                assertThat(store().list(ShareQuery.of(targets.get(i)).withRevoked(true)))
                        .as("one link per visibility, round %d %s: creates racing for one target must store"
                                + " exactly one link", round, where())
                        .hasSize(1);
            }
        });
    }

    @Test
    void racingRetriesOfOneCreateOnTwoNodesUnderOnePerVisibilityBothAnswerTheOneShare() throws Exception {
        List<S> nodes = nodes();
        Principal creator = new Principal("user-" + UUID.randomUUID(), "Ada");
        this.<List<Target>, List<Object>>race(round -> targets(STEPS), (targets, racer) -> {
            List<Object> outcomes = new ArrayList<>();
            for (Target target : targets) {
                outcomes.add(Races.together(() -> {
                    try {
                        return nodes.get(racer).insert(TestShares.share(target).createdBy(creator)
                                .idempotencyKey("retry-" + target.sourceId()).build(), LinksPerTarget.ONE_PER_VISIBILITY);
                    } catch (ShareConflictException e) {
                        return e;
                    }
                }));
            }
            return outcomes;
        }, (round, targets, outcomes) -> {
            for (int i = 0; i < targets.size(); i++) {
                int step = i;
                List<Object> answers = outcomes.stream().map(o -> o.get(step)).toList();
                assertThat(answers).as("idempotent retry, round %d %s: a retry of a create (same creator, same key)"
                                + " racing the first call must answer the share the first call stored, never a"
                                + " one-per-visibility conflict", round, where())
                        .allSatisfy(o -> assertThat(o).isInstanceOf(Share.class));
                assertThat(answers).as("idempotent retry, round %d %s: every call answers the same share", round, where())
                        .extracting(o -> ((Share) o).id()).containsOnly(((Share) answers.get(0)).id());
                assertThat(store().list(ShareQuery.of(targets.get(i)).withRevoked(true)))
                        .as("idempotent retry, round %d %s: one share stored per key", round, where()).hasSize(1);
            }
        });
    }

    @Test
    void racingPasswordAttemptsOnTwoNodesPermitExactlyTheLimitAndLockOnce() throws Exception {
        List<S> nodes = nodes();
        Duration lockout = Duration.ofMinutes(10);
        int limit = 2 * STEPS + 4;              // each racer tries limit/2 + 2 times: the lock always comes
        this.<Share, List<PasswordAttempt>>race(
                round -> store().insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH).build(), LinksPerTarget.MULTIPLE),
                (share, racer) -> {
                    List<PasswordAttempt> mine = new ArrayList<>();
                    for (int i = 0; i < limit / 2 + 2; i++) {
                        mine.add(Races.together(() -> nodes.get(racer).reservePasswordAttempt(share.id(), T0, limit, lockout)));
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
                    for (int i = 0; i < STEPS; i++) {
                        Races.together(() -> {
                            nodes.get(racer).addViews(share.id(), 1);
                            return null;
                        });
                    }
                    return STEPS;
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
                    for (int i = 0; i < STEPS; i++) {
                        boolean revoke = racer == 0 && i == STEPS / 2;
                        Races.together(() -> revoke
                                ? nodes.get(0).revoke(share.id(), T0.plusSeconds(1))
                                : nodes.get(racer).update(share.id(), ShareChanges.none(T0.plusSeconds(1))
                                        .withTitle(Change.set("after-" + racer)).withPasswordHash(Change.set(TestShares.SAMPLE_HASH))));
                    }
                    return STEPS;
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
                    for (int i = 0; i < STEPS; i++) {
                        versions.add(Races.together(() -> nodes.get(racer).update(share.id(), ShareChanges.none(T0)
                                .withPasswordHash(Change.set(TestShares.SAMPLE_HASH))).orElseThrow().credentialVersion()));
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

    // ------------------------------------------------------------------ several nodes (optional)

    @Test
    void aSecondInstanceOverTheSameDataSeesEveryChangeAtOnce() {
        Optional<S> second = createSecondInstance(store());
        Assumptions.assumeTrue(second.isPresent(), "this store is not shared across nodes");
        S other = second.get();
        Share share = store().insert(TestShares.share().passwordHash(TestShares.SAMPLE_HASH).build(), LinksPerTarget.ONE_PER_VISIBILITY);

        assertThat(other.findByTokenHash(share.tokenHash()))
                .as("two instances: a share stored on one is found by token on the other at once").contains(share);
        assertThatThrownBy(() -> other.insert(TestShares.share(share.target()).build(), LinksPerTarget.ONE_PER_VISIBILITY))
                .as("two instances: the one-per-visibility slot taken on one is seen taken on the other")
                .isInstanceOf(ShareConflictException.class);
        for (int i = 0; i < 3; i++) {
            store().reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10));
            other.reservePasswordAttempt(share.id(), T0, 5, Duration.ofMinutes(10));
        }
        other.addViews(share.id(), 3);
        store().revoke(share.id(), T0);

        Share seen = other.findById(share.id()).orElseThrow();
        assertThat(seen.isRevoked()).as("two instances: a revocation on one is seen on the other at once").isTrue();
        assertThat(seen.viewCount()).as("two instances: views added on one are seen on the other").isEqualTo(3);
        assertThat(seen.lockedUntil()).as("two instances: attempts on both count together and set the lock").isNotNull();
    }

}
