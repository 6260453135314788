package dev.clipshare.testkit.broken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.clipshare.testkit.ExportStoreContract;
import dev.clipshare.testkit.ShareStoreContract;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The contract catches what it claims to: stores that are wrong in one deliberate way run the
 * whole contract (through the JUnit engine, as an adapter's test would) and exactly the cases
 * for that mistake fail, every run; every other case passes, so the failures are not noise.
 */
class BrokenStoresFailTheContractTest {

    /** A round trip of 50 µs between a store's read and its write, as to a database on loopback. */
    static final Duration WINDOW = Duration.ofNanos(50_000);

    static final Set<String> SHARE_RACES = Set.of(
            "racingCreatesUnderOnePerVisibilityOnTwoNodesStoreExactlyOnePerTarget",
            "racingRetriesOfOneCreateOnTwoNodesUnderOnePerVisibilityBothAnswerTheOneShare",
            "racingPasswordAttemptsOnTwoNodesPermitExactlyTheLimitAndLockOnce",
            "racingViewsOnTwoNodesLoseNone",
            "racingRevokeAndPasswordChangesOnTwoNodesEachMoveTheCredentialVersion",
            "racingPasswordChangesOnTwoNodesAnswerEachItsOwnVersion");

    /** The contract as an adapter would run it, against the per-node-locked store with a second node. */
    static class PerNodeLockedShareStoreContract extends ShareStoreContract<PerNodeLockedShareStore> {
        @Override
        protected PerNodeLockedShareStore createStore() {
            return new PerNodeLockedShareStore(WINDOW);
        }

        @Override
        protected Optional<PerNodeLockedShareStore> createSecondInstance(PerNodeLockedShareStore first) {
            return Optional.of(first.secondNode());
        }
    }

    @Test
    void aShareStoreLockedPerNodeFailsEveryRaceBetweenTwoNodesAndNothingElse() {
        Events tests = run(PerNodeLockedShareStoreContract.class);
        List<String> failed = names(tests.failed().list());
        assertThat(failed).as("a store whose atomicity is a Java lock per node fails races between two nodes, nothing else")
                .isSubsetOf(SHARE_RACES);
        assertThat(failed).as("a store whose atomicity is a Java lock per node (a %s µs window) must fail every race"
                        + " between two nodes in every run", WINDOW.toNanos() / 1000)
                .containsAll(SHARE_RACES);
        assertThat(tests.succeeded().count())
                .as("every other case passes: on one node the store is right")
                .isGreaterThan(30);
    }

    /** A round trip of 2 µs: a store on the same machine, or a read and write a few instructions apart. */
    static final Duration NARROW_WINDOW = Duration.ofNanos(2_000);

    /** The same mistake with the narrow window. */
    static class NarrowWindowContract extends ShareStoreContract<PerNodeLockedShareStore> {
        @Override
        protected PerNodeLockedShareStore createStore() {
            return new PerNodeLockedShareStore(NARROW_WINDOW);
        }

        @Override
        protected Optional<PerNodeLockedShareStore> createSecondInstance(PerNodeLockedShareStore first) {
            return Optional.of(first.secondNode());
        }
    }

    @Test
    void aShareStoreLockedPerNodeWithATwoMicrosecondWindowFailsEveryRaceBetweenTwoNodes() {
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(SHARE_RACES.stream().map(m -> selectMethod(NarrowWindowContract.class, m))
                        .toArray(DiscoverySelector[]::new))
                .execute().testEvents();

        assertThat(names(tests.failed().list()))
                .as("a store whose atomicity is a Java lock per node must fail every race between two nodes even"
                        + " when its read and write are only %s µs apart", NARROW_WINDOW.toNanos() / 1000)
                .containsExactlyInAnyOrderElementsOf(SHARE_RACES);
    }

    /** The export contract against a store that takes progress 100 for completion. */
    static class ProgressMeansCompletedContract extends ExportStoreContract<ProgressMeansCompletedExportStore> {
        @Override
        protected ProgressMeansCompletedExportStore createStore() {
            return new ProgressMeansCompletedExportStore();
        }
    }

    @Test
    void anExportStoreThatTakesProgress100ForCompletionFailsExactlyThatCase() {
        Events tests = run(ProgressMeansCompletedContract.class);

        assertThat(names(tests.failed().list()))
                .as("a store that serves an export at progress 100 must fail the completion case, and only it")
                .containsExactly("progressOf100FromAHeartbeatIsNotCompletion");
    }

    static Events run(Class<?> contract) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(contract)).execute().testEvents();
    }

    static List<String> names(List<Event> events) {
        return events.stream()
                .map(e -> e.getTestDescriptor().getSource().orElseThrow())
                .map(s -> ((MethodSource) s).getMethodName())
                .toList();
    }
}
