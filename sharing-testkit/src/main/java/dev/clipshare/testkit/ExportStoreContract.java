package dev.clipshare.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ClipRange;
import dev.clipshare.core.Export;
import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.ExportId;
import dev.clipshare.core.ExportStatus;
import dev.clipshare.core.Target;
import dev.clipshare.core.spi.CompletionOutcome;
import dev.clipshare.core.spi.ExportJobStore;
import dev.clipshare.core.spi.ExportStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What "an {@link ExportStore} works" means, with the {@link ExportJobStore} over the same data:
 * versions, the claim-with-lease queue, staleness, retries. The type parameter is the class that
 * implements both. Every export store passes it through a short subclass:
 *
 * <pre>{@code
 * class JdbcExportStoreH2Test extends ExportStoreContract<JdbcExportStore> {
 *     @Override
 *     protected JdbcExportStore createStore() {
 *         database.truncate();                 // claims see every pending job: start empty
 *         return JdbcStores.builder(dataSource).build().exportStore();
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #createStore()} is called before every test and must return a store <b>without any
 * export jobs</b>, since {@code claim} takes the oldest job of the whole store.
 */
public abstract class ExportStoreContract<E extends ExportStore & ExportJobStore> {
    /** The instant tests start at. */
    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    protected static final Duration LEASE = Duration.ofMinutes(2);
    protected static final ExportArtifacts ARTIFACTS = new ExportArtifacts(Duration.ofMillis(7_480), 1280, 720, 2_345_678L,
            "h264", "aac", true);

    private E store;

    /** An empty store for one test. */
    protected abstract E createStore();

    /** A second instance over the same data (a second node), or empty when the store is single-node. */
    protected Optional<E> createSecondInstance(E first) {
        return Optional.empty();
    }

    @BeforeEach
    void setUpStore() {
        store = createStore();
    }

    protected E store() {
        return store;
    }

    private static Target target() {
        return Target.segment("video-" + UUID.randomUUID(), "moment-1");
    }

    // ------------------------------------------------------------------ versions

    @Test
    void enqueueCreatesPendingVersionsCountingUpPerTarget() {
        Target a = target();
        Target b = target();
        ClipRange range = ClipRange.ofMillis(1_500, 9_000);

        Export a1 = store.enqueue(a, range, T0);
        Export a2 = store.enqueue(a, null, T0.plusSeconds(1));
        Export b1 = store.enqueue(b, range, T0.plusSeconds(2));

        assertThat(a1.version()).as("versions: the first export of a target is version 1").isEqualTo(1);
        assertThat(a2.version()).as("versions: the next export of the same target is version 2").isEqualTo(2);
        assertThat(b1.version()).as("versions: each target counts its own versions from 1").isEqualTo(1);
        assertThat(a1.status()).as("enqueue: a new export is PENDING").isEqualTo(ExportStatus.PENDING);
        assertThat(a1.progress()).as("enqueue: a new export is at progress 0").isZero();
        assertThat(a1.attempts()).as("enqueue: a new export has had no attempts").isZero();
        assertThat(a1.range()).as("enqueue: the clip range is stored").isEqualTo(range);
        assertThat(a2.range()).as("enqueue: no range (the whole target) is stored as none").isNull();
        assertThat(a1.createdAt()).as("enqueue: the creation time is the one passed in").isEqualTo(T0);
        assertThat(store.find(a1.id())).as("find: an export is found by its id as enqueued").contains(a1);
        assertThat(store.findVersion(a, 2)).as("findVersion: an export is found by target and version").contains(a2);
        assertThat(store.findVersion(a, 3)).as("findVersion: a version not handed out finds nothing").isEmpty();
        assertThat(store.find(ExportId.random())).as("find: an unknown id finds nothing").isEmpty();
    }

    @Test
    void concurrentEnqueuesForOneTargetGetDistinctVersions() throws Exception {
        Target t = target();

        List<Export> made = Concurrently.run(10, i -> store.enqueue(t, null, T0));

        assertThat(made)
                .as("versions: 10 concurrent enqueues of one target get versions 1 to 10, each once")
                .extracting(Export::version).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void latestIsTheHighestVersionAndLatestCompletedTheHighestCompletedOne() {
        Target t = target();
        Export v1 = store.enqueue(t, null, T0);
        complete(v1, "w1");
        Export v2 = store.enqueue(t, null, T0.plusSeconds(5));

        assertThat(store.latest(t))
                .as("latest: the highest version, completed or not").get().extracting(Export::id).isEqualTo(v2.id());
        assertThat(store.latestCompleted(t))
                .as("latestCompleted: the highest COMPLETED version (what links serve)")
                .get().extracting(Export::id).isEqualTo(v1.id());
        assertThat(store.latest(target())).as("latest: a target with no exports has none").isEmpty();
        assertThat(store.latestCompleted(target())).as("latestCompleted: a target with no exports has none").isEmpty();
    }

    // ------------------------------------------------------------------ claims

    @Test
    void claimTakesTheOldestPendingJobAndHoldsItForTheWorker() {
        Export older = store.enqueue(target(), null, T0);
        store.enqueue(target(), null, T0.plusSeconds(1));

        Export claimed = store.claim("worker-1", T0.plusSeconds(10), LEASE).orElseThrow();

        assertThat(claimed.id()).as("claim: takes the oldest pending job").isEqualTo(older.id());
        assertThat(claimed.status()).as("claim: the claimed job is PROCESSING").isEqualTo(ExportStatus.PROCESSING);
        assertThat(claimed.attempts()).as("claim: a claim counts one attempt").isEqualTo(1);
        assertThat(claimed.leaseOwner()).as("claim: the lease belongs to the claiming worker").isEqualTo("worker-1");
        assertThat(claimed.leaseUntil())
                .as("claim: the lease lasts from the claim's time for the lease duration")
                .isEqualTo(T0.plusSeconds(10).plus(LEASE));
        assertThat(store.find(older.id())).as("claim: what claim answers is what is stored").contains(claimed);
    }

    @Test
    void claimIsEmptyWhenNothingIsWaiting() {
        assertThat(store.claim("worker-1", T0, LEASE)).as("claim: nothing pending answers empty").isEmpty();
        Export only = store.enqueue(target(), null, T0);
        store.claim("worker-1", T0, LEASE);
        assertThat(store.claim("worker-2", T0.plusSeconds(1), LEASE))
                .as("claim: a job under a live lease is not claimed by another worker").isEmpty();
        assertThat(store.find(only.id()).orElseThrow().leaseOwner())
                .as("claim: the lease holder keeps the job").isEqualTo("worker-1");
    }

    @Test
    void aJobWhoseLeaseRanOutIsClaimedAgainByAnotherWorker() {
        Export job = store.enqueue(target(), null, T0);
        store.claim("crashed", T0, LEASE);

        Optional<Export> whileLeased = store.claim("worker-2", T0.plus(LEASE), LEASE);
        Export retaken = store.claim("worker-2", T0.plus(LEASE).plusMillis(1), LEASE).orElseThrow();

        assertThat(whileLeased).as("claim: a lease is live up to and including its end").isEmpty();
        assertThat(retaken.id()).as("claim: a job whose lease ran out is claimed again").isEqualTo(job.id());
        assertThat(retaken.leaseOwner()).as("claim: the new worker holds the retaken job").isEqualTo("worker-2");
        assertThat(retaken.attempts()).as("claim: retaking a lapsed job counts a second attempt").isEqualTo(2);
        assertThat(store.heartbeat(job.id(), "crashed", 50, T0.plus(LEASE).plusSeconds(1), LEASE))
                .as("heartbeat: the worker that lost the job cannot heartbeat it").isFalse();
        assertThat(store.complete(job.id(), "crashed", ARTIFACTS, T0.plus(LEASE).plusSeconds(2)))
                .as("complete: the worker that lost the job cannot complete it (LEASE_LOST)")
                .isEqualTo(CompletionOutcome.LEASE_LOST);
        assertThat(store.find(job.id()).orElseThrow().status())
                .as("complete: a refused completion leaves the job PROCESSING for its new holder")
                .isEqualTo(ExportStatus.PROCESSING);
    }

    @Test
    void eightWorkersClaimingAtOnceNeverGetTheSameJob() throws Exception {
        for (int i = 0; i < 5; i++) {
            store.enqueue(target(), null, T0.plusMillis(i));
        }

        List<Optional<Export>> claims = Concurrently.run(8, i -> store.claim("worker-" + i, T0.plusSeconds(1), LEASE));

        List<ExportId> taken = claims.stream().flatMap(Optional::stream).map(Export::id).toList();
        assertThat(taken)
                .as("claims: 8 workers claiming 5 jobs at once take each job once").hasSize(5).doesNotHaveDuplicates();
    }

    @Test
    void heartbeatRecordsProgressAndExtendsTheLease() {
        Export job = store.enqueue(target(), null, T0);
        store.claim("worker-1", T0, LEASE);

        boolean mine = store.heartbeat(job.id(), "worker-1", 40, T0.plusSeconds(90), LEASE);
        boolean notMine = store.heartbeat(job.id(), "worker-2", 90, T0.plusSeconds(91), LEASE);

        Export now = store.find(job.id()).orElseThrow();
        assertThat(mine).as("heartbeat: the lease holder's heartbeat succeeds").isTrue();
        assertThat(notMine).as("heartbeat: another worker's heartbeat is refused").isFalse();
        assertThat(now.progress()).as("heartbeat: the holder's progress is recorded, another worker's is not").isEqualTo(40);
        assertThat(now.leaseUntil())
                .as("heartbeat: the lease is extended from the heartbeat's time").isEqualTo(T0.plusSeconds(90).plus(LEASE));
        // the extended lease keeps others out past the original one
        assertThat(store.claim("worker-2", T0.plus(LEASE).plusSeconds(1), LEASE))
                .as("heartbeat: the extended lease keeps others out past the original one").isEmpty();
    }

    // ------------------------------------------------------------------ completion

    @Test
    void completeStoresTheArtifactsAndMakesTheVersionServed() {
        Target t = target();
        Export job = store.enqueue(t, ClipRange.ofMillis(0, 7_480), T0);
        store.claim("worker-1", T0, LEASE);

        CompletionOutcome outcome = store.complete(job.id(), "worker-1", ARTIFACTS, T0.plusSeconds(3));

        Export done = store.find(job.id()).orElseThrow();
        assertThat(outcome)
                .as("complete: the lease holder completes the job (COMPLETED)").isEqualTo(CompletionOutcome.COMPLETED);
        assertThat(done.status()).as("complete: the job is COMPLETED").isEqualTo(ExportStatus.COMPLETED);
        assertThat(done.progress()).as("complete: a completed job is at progress 100").isEqualTo(100);
        assertThat(done.artifacts()).as("complete: the artifacts are stored").isEqualTo(ARTIFACTS);
        assertThat(done.completedAt()).as("complete: the completion time is the one passed in").isEqualTo(T0.plusSeconds(3));
        assertThat(done.leaseOwner()).as("complete: the lease is cleared").isNull();
        assertThat(store.latestCompleted(t)).as("complete: the completed version is served").contains(done);
    }

    @Test
    void artifactsWithoutAudioRoundTrip() {
        ExportArtifacts silent = new ExportArtifacts(Duration.ofMillis(1_001), 720, 1280, 99L, "h264", null, false);
        Export job = store.enqueue(target(), null, T0);
        store.claim("w", T0, LEASE);

        store.complete(job.id(), "w", silent, T0);

        assertThat(store.find(job.id()).orElseThrow().artifacts())
                .as("complete: artifacts without audio come back as written").isEqualTo(silent);
    }

    @Test
    void artifactsOfAnAudioClipWithoutVideoCodecRoundTrip() {
        ExportArtifacts audio = ExportArtifacts.audio(Duration.ofMillis(3_000), 1280, 720, 48_000L, "aac", true);
        Export job = store.enqueue(target(), null, T0);
        store.claim("w", T0, LEASE);

        store.complete(job.id(), "w", audio, T0);

        assertThat(store.find(job.id()).orElseThrow().artifacts()).isEqualTo(audio).satisfies(a -> assertThat(a.isAudioOnly()).isTrue());
    }

    @Test
    void completingAnOlderVersionAfterANewerWasRequestedIsSupersededAndNotServed() {
        Target t = target();
        Export served = store.enqueue(t, ClipRange.ofMillis(0, 5_000), T0);
        complete(served, "w0");
        Export old = store.enqueue(t, ClipRange.ofMillis(0, 6_000), T0.plusSeconds(1));
        store.claim("slow", T0.plusSeconds(1), LEASE);
        store.enqueue(t, ClipRange.ofMillis(1_000, 6_000), T0.plusSeconds(2)); // the range moved meanwhile

        CompletionOutcome outcome = store.complete(old.id(), "slow", ARTIFACTS, T0.plusSeconds(3));

        Export stale = store.find(old.id()).orElseThrow();
        assertThat(outcome)
                .as("complete: completing a version older than one requested since is SUPERSEDED")
                .isEqualTo(CompletionOutcome.SUPERSEDED);
        assertThat(stale.status()).as("complete: a superseded job is FAILED").isEqualTo(ExportStatus.FAILED);
        assertThat(stale.failureReason())
                .as("complete: a superseded job says so in its failure reason").startsWith("superseded");
        assertThat(store.latestCompleted(t))
                .as("complete: a superseded job is not served; the previous completed version stays")
                .get().extracting(Export::id).isEqualTo(served.id());
    }

    @Test
    void aFailedReexportLeavesThePreviousVersionServed() {
        Target t = target();
        Export v1 = store.enqueue(t, null, T0);
        complete(v1, "w1");
        Export v2 = store.enqueue(t, null, T0.plusSeconds(1));
        store.claim("w2", T0.plusSeconds(1), LEASE);

        boolean owned = store.fail(v2.id(), "w2", "source is not a video", T0.plusSeconds(2), false);

        Export failed = store.find(v2.id()).orElseThrow();
        assertThat(owned).as("fail: the lease holder can fail the job").isTrue();
        assertThat(failed.status()).as("fail: a failure without retry leaves the job FAILED").isEqualTo(ExportStatus.FAILED);
        assertThat(failed.failureReason()).as("fail: the failure reason is stored").isEqualTo("source is not a video");
        assertThat(failed.leaseOwner()).as("fail: the lease is cleared").isNull();
        assertThat(store.latest(t))
                .as("latest: the failed re-export is the latest version").get().extracting(Export::id).isEqualTo(v2.id());
        assertThat(store.latestCompleted(t))
                .as("latestCompleted: a failed re-export leaves the previous version served")
                .get().extracting(Export::id).isEqualTo(v1.id());
        assertThat(store.claim("w3", T0.plusSeconds(3), LEASE)).as("claim: a FAILED job is not claimed").isEmpty();
    }

    @Test
    void aRetryableFailurePutsTheJobBackForAnotherAttempt() {
        Export job = store.enqueue(target(), null, T0);
        store.claim("w1", T0, LEASE);
        store.heartbeat(job.id(), "w1", 60, T0.plusSeconds(1), LEASE);

        boolean owned = store.fail(job.id(), "w1", "network read timed out", T0.plusSeconds(2), true);
        Export again = store.claim("w2", T0.plusSeconds(3), LEASE).orElseThrow();

        assertThat(owned).as("fail: the lease holder can fail the job for a retry").isTrue();
        assertThat(again.id()).as("fail with retry: the job is claimed again").isEqualTo(job.id());
        assertThat(again.attempts()).as("fail with retry: the next claim counts a second attempt").isEqualTo(2);
        assertThat(again.progress()).as("fail with retry: the next claim starts at progress 0").isZero();
        assertThat(again.failureReason())
                .as("fail with retry: the last failure reason is kept for the next attempt")
                .isEqualTo("network read timed out");
    }

    @Test
    void onlyTheLeaseHolderCanFailOrRelease() {
        Export job = store.enqueue(target(), null, T0);
        store.claim("w1", T0, LEASE);

        assertThat(store.fail(job.id(), "w2", "nope", T0, false))
                .as("fail: another worker than the lease holder cannot fail the job").isFalse();
        assertThat(store.release(job.id(), "w2", T0))
                .as("release: another worker than the lease holder cannot release the job").isFalse();
        assertThat(store.find(job.id()).orElseThrow().status())
                .as("fail and release: refused calls leave the job PROCESSING").isEqualTo(ExportStatus.PROCESSING);
    }

    @Test
    void releaseHandsTheJobBackWithoutCountingTheAttempt() {
        Export job = store.enqueue(target(), null, T0);
        store.claim("stopping", T0, LEASE);

        boolean owned = store.release(job.id(), "stopping", T0.plusSeconds(1));
        Export next = store.claim("w2", T0.plusSeconds(2), LEASE).orElseThrow();

        assertThat(owned).as("release: the lease holder can release the job").isTrue();
        assertThat(next.id()).as("release: the released job is claimed again").isEqualTo(job.id());
        assertThat(next.attempts()).as("release: a release does not count the attempt").isEqualTo(1);
    }

    @Test
    void aCompletedOrFailedJobIsNeverClaimedAgain() {
        Export done = store.enqueue(target(), null, T0);
        complete(done, "w1");
        Export failed = store.enqueue(target(), null, T0);
        store.claim("w1", T0, LEASE);
        store.fail(failed.id(), "w1", "corrupt file", T0, false);

        assertThat(store.claim("w2", T0.plus(Duration.ofDays(1)), LEASE))
                .as("claim: COMPLETED and FAILED jobs are never claimed, however much later").isEmpty();
    }

    // ------------------------------------------------------------------ completed, progress, leases, order

    @Test
    void progressOf100FromAHeartbeatIsNotCompletion() {
        Target t = target();
        Export v1 = store.enqueue(t, null, T0);
        complete(v1, "w0");
        Export v2 = store.enqueue(t, null, T0.plusSeconds(1));
        store.claim("w1", T0.plusSeconds(1), LEASE);

        store.heartbeat(v2.id(), "w1", 100, T0.plusSeconds(2), LEASE);

        Export running = store.find(v2.id()).orElseThrow();
        assertThat(running.status()).as("completed means complete() recorded artifacts: a job at progress 100 is"
                + " still PROCESSING").isEqualTo(ExportStatus.PROCESSING);
        assertThat(store.latestCompleted(t)).as("links serve the latest COMPLETED export, never one that only reached"
                + " progress 100 (it has no media yet)").get().extracting(Export::id).isEqualTo(v1.id());
    }

    @Test
    void aLapsedLeaseLetsItsHolderGoOnUntilAnotherWorkerClaims() {
        Export job = store.enqueue(target(), null, T0);
        store.claim("slow", T0, LEASE);
        Instant lapsed = T0.plus(LEASE).plusSeconds(5);

        boolean renewed = store.heartbeat(job.id(), "slow", 50, lapsed, LEASE);

        assertThat(renewed).as("a worker whose lease ran out still holds the job until another worker claims it,"
                + " so its heartbeat succeeds").isTrue();
        assertThat(store.claim("other", lapsed.plusSeconds(1), LEASE)).as("the renewed lease keeps other workers out")
                .isEmpty();
        assertThat(store.complete(job.id(), "slow", ARTIFACTS, lapsed.plus(LEASE).plusSeconds(1)))
                .as("an unclaimed job can still be completed by its holder after its lease ran out")
                .isEqualTo(CompletionOutcome.COMPLETED);
    }

    @Test
    void claimStartsProgressAtZeroHeartbeatsNeverLowerItAndReleaseResetsIt() {
        Export job = store.enqueue(target(), null, T0);
        Export claimed = store.claim("w1", T0, LEASE).orElseThrow();
        store.heartbeat(job.id(), "w1", 60, T0.plusSeconds(1), LEASE);
        store.heartbeat(job.id(), "w1", 30, T0.plusSeconds(2), LEASE);
        int afterLowerHeartbeat = store.find(job.id()).orElseThrow().progress();
        store.release(job.id(), "w1", T0.plusSeconds(3));
        Export released = store.find(job.id()).orElseThrow();
        Export again = store.claim("w2", T0.plusSeconds(4), LEASE).orElseThrow();

        assertThat(claimed.progress()).as("a claim starts the job's progress at 0").isZero();
        assertThat(afterLowerHeartbeat).as("progress never goes back: a heartbeat with less keeps the highest seen")
                .isEqualTo(60);
        assertThat(released.progress()).as("release hands the job back at progress 0").isZero();
        assertThat(released.status()).as("release puts the job back to PENDING").isEqualTo(ExportStatus.PENDING);
        assertThat(released.leaseOwner()).as("release clears the lease").isNull();
        assertThat(again.progress()).as("the next claim starts at 0 again").isZero();
    }

    @Test
    void oldestMeansEarliestCreationTimeNotTheOrderOfEnqueueOrOfTheLastChange() {
        Export late = store.enqueue(target(), null, T0.plusSeconds(20));
        Export early = store.enqueue(target(), null, T0);
        Export middle = store.enqueue(target(), null, T0.plusSeconds(10));
        store.claim("w1", T0.plusSeconds(30), LEASE);                           // takes early
        store.fail(early.id(), "w1", "retry me", T0.plusSeconds(31), true);     // back, changed last

        List<ExportId> order = List.of(store.claim("w2", T0.plusSeconds(32), LEASE).orElseThrow().id(),
                store.claim("w3", T0.plusSeconds(32), LEASE).orElseThrow().id(),
                store.claim("w4", T0.plusSeconds(32), LEASE).orElseThrow().id());

        assertThat(order).as("claim takes the job with the earliest creation time (the enqueue's now), whatever"
                + " order jobs were enqueued in and however recently one was put back")
                .containsExactly(early.id(), middle.id(), late.id());
    }

    @Test
    void aLapsedJobOlderThanAPendingOneIsTakenFirst() {
        Export older = store.enqueue(target(), null, T0);
        store.claim("crashed", T0, LEASE);
        store.enqueue(target(), null, T0.plusSeconds(1));

        Export next = store.claim("w2", T0.plus(LEASE).plusSeconds(1), LEASE).orElseThrow();

        assertThat(next.id()).as("a job whose lease lapsed competes by creation time with pending ones").isEqualTo(older.id());
    }

    @Test
    void racingClaimsOnTwoNodesNeverHandOneJobToTwoWorkers() throws Exception {
        List<E> nodes = List.of(store, createSecondInstance(store).orElse(store));
        String where = nodes.get(0) != nodes.get(1) ? "on two instances" : "on one instance (no second instance given)";
        Races.<Instant, Optional<Export>>run(2, 10, 1000, Duration.ofMillis(250), round -> {
            Instant now = T0.plusSeconds(round);
            store.enqueue(target(), null, now);
            return now;
        }, (now, racer) -> nodes.get(racer).claim("node" + racer, now, LEASE), (round, now, claims) -> {
            assertThat(claims).as("claims, round %d %s: one job, two workers claiming at once: exactly one gets it",
                    round, where).filteredOn(Optional::isPresent).hasSize(1);
            Export won = claims.stream().flatMap(Optional::stream).findFirst().orElseThrow();
            assertThat(store.complete(won.id(), won.leaseOwner(), ARTIFACTS, now))
                    .as("claims, round %d %s: the winner holds the job", round, where).isEqualTo(CompletionOutcome.COMPLETED);
        });
    }

    @Test
    void racingEnqueuesOnTwoNodesNumberVersionsWithoutGapsOrRepeats() throws Exception {
        List<E> nodes = List.of(store, createSecondInstance(store).orElse(store));
        Races.<Target, Long>run(2, 10, 1000, Duration.ofMillis(250), round -> target(),
                (t, racer) -> nodes.get(racer).enqueue(t, null, T0).version(),
                (round, t, versions) -> assertThat(versions).as("versions, round %d: two enqueues of one target racing"
                        + " on two nodes get versions 1 and 2", round).containsExactlyInAnyOrder(1L, 2L));
    }

    // ------------------------------------------------------------------ several nodes (optional)

    @Test
    void twoNodesDrainingOneQueueRunEachJobOnce() throws Exception {
        Optional<E> second = createSecondInstance(store);
        Assumptions.assumeTrue(second.isPresent(), "this store is not shared across nodes");
        List<E> nodes = List.of(store, second.get());
        for (int i = 0; i < 12; i++) {
            store.enqueue(target(), null, T0.plusMillis(i));
        }

        List<Set<ExportId>> ran = Concurrently.run(4, i -> {
            Set<ExportId> mine = new HashSet<>();
            E node = nodes.get(i % 2);
            Optional<Export> job;
            while ((job = node.claim("node" + (i % 2) + "-w" + i, T0.plusSeconds(1), LEASE)).isPresent()) {
                assertThat(node.complete(job.get().id(), "node" + (i % 2) + "-w" + i, ARTIFACTS, T0.plusSeconds(2)))
                        .as("two nodes draining one queue: a worker completes each job it claimed")
                        .isEqualTo(CompletionOutcome.COMPLETED);
                mine.add(job.get().id());
            }
            return mine;
        });

        List<ExportId> all = ran.stream().flatMap(Set::stream).toList();
        assertThat(all)
                .as("two nodes draining one queue: each of the 12 jobs runs once").hasSize(12).doesNotHaveDuplicates();
    }

    // ------------------------------------------------------------------ helpers

    private void complete(Export job, String worker) {
        Export claimed = store.claim(worker, T0, LEASE).orElseThrow();
        assertThat(claimed.id()).as("a job being completed is the one claimed").isEqualTo(job.id());
        assertThat(store.complete(job.id(), worker, ARTIFACTS, T0))
                .as("the claiming worker completes the job").isEqualTo(CompletionOutcome.COMPLETED);
    }
}
