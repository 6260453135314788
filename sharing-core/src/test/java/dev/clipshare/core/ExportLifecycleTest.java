package dev.clipshare.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.spi.CompletionOutcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExportLifecycleTest {
    private final Host host = new Host();
    private final Sharing sharing = host.enabled();
    private final ExportQueue queue = sharing.exportQueue();

    @Test
    void aRequestedExportIsClaimedReportsProgressAndCompletes() throws Exception {
        Export requested = sharing.requestExport(host.editor, host.moment, ClipRange.ofSeconds(3, 10));
        assertThat(queue.awaitWork(Duration.ZERO)).isTrue();

        ExportJob job = queue.claim("w1").orElseThrow();
        assertThat(queue.heartbeat(job, 40)).isTrue();
        assertThat(sharing.getExport(host.viewer, requested.id()).progress()).isEqualTo(40);
        assertThat(queue.complete(job, Host.ARTIFACTS)).isEqualTo(CompletionOutcome.COMPLETED);

        Export done = sharing.getExport(host.viewer, requested.id());
        assertThat(done.status()).isEqualTo(ExportStatus.COMPLETED);
        assertThat(done.progress()).isEqualTo(100);
        assertThat(host.events(SharingEvent.ExportRequested.class)).hasSize(1);
        assertThat(host.events(SharingEvent.ExportCompleted.class)).singleElement()
                .satisfies(e -> assertThat(e.version()).isEqualTo(1));
    }

    @Test
    void requestingTheSameRangeWhileItIsPendingReturnsTheWaitingJob() {
        Export first = sharing.requestExport(host.editor, host.video, null);
        Export again = sharing.requestExport(host.editor, host.video, null);
        Export other = sharing.requestExport(host.editor, host.video, ClipRange.ofSeconds(0, 2));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(other.version()).isEqualTo(2);
    }

    @Test
    void aTransientFailureIsRetriedUpToThreeAttemptsThenFailsWithTheReason() {
        Export export = sharing.requestExport(host.editor, host.video, null);

        for (int attempt = 1; attempt <= 3; attempt++) {
            ExportJob job = queue.claim("w").orElseThrow();
            assertThat(job.export().attempts()).isEqualTo(attempt);
            queue.fail(job, "source URL timed out", true);
        }

        Export failed = sharing.getExport(host.editor, export.id());
        assertThat(failed.status()).isEqualTo(ExportStatus.FAILED);
        assertThat(failed.failureReason()).isEqualTo("source URL timed out (gave up after 3 attempts)");
        assertThat(queue.claim("w")).isEmpty();
        assertThat(host.events(SharingEvent.ExportFailed.class)).hasSize(1);
    }

    @Test
    void aPermanentFailureIsNotRetried() {
        Export export = sharing.requestExport(host.editor, host.video, null);
        queue.fail(queue.claim("w").orElseThrow(), "file is not a video", false);

        assertThat(sharing.getExport(host.editor, export.id()).failureReason()).isEqualTo("file is not a video");
        assertThat(queue.claim("w")).isEmpty();
    }

    @Test
    void aJobWhoseWorkerDiedIsTakenAgainAfterItsLeaseAndGivenUpAfterThreeDeaths() {
        Export export = sharing.requestExport(host.editor, host.video, null);
        for (int death = 1; death <= 3; death++) {
            assertThat(queue.claim("doomed-" + death)).isPresent();
            assertThat(queue.claim("other")).isEmpty();
            host.clock.advance(queue.lease().plusSeconds(1));
        }

        assertThat(queue.claim("survivor")).isEmpty();
        Export failed = sharing.getExport(host.editor, export.id());
        assertThat(failed.status()).isEqualTo(ExportStatus.FAILED);
        assertThat(failed.failureReason()).startsWith("gave up after 3 attempts");
    }

    @Test
    void aReleasedJobIsPickedUpAgainWithoutUsingAnAttempt() {
        sharing.requestExport(host.editor, host.video, null);
        ExportJob job = queue.claim("stopping").orElseThrow();

        assertThat(queue.release(job)).isTrue();
        ExportJob next = queue.claim("fresh").orElseThrow();

        assertThat(next.export().attempts()).isEqualTo(1);
        assertThat(next.id()).isEqualTo(job.id());
    }

    @Test
    void aWorkerThatLostItsLeaseCannotComplete() {
        sharing.requestExport(host.editor, host.video, null);
        ExportJob slow = queue.claim("slow").orElseThrow();
        host.clock.advance(queue.lease().plusSeconds(1));
        ExportJob taker = queue.claim("taker").orElseThrow();

        assertThat(queue.heartbeat(slow, 90)).isFalse();
        assertThat(queue.complete(slow, Host.ARTIFACTS)).isEqualTo(CompletionOutcome.LEASE_LOST);
        assertThat(queue.complete(taker, Host.ARTIFACTS)).isEqualTo(CompletionOutcome.COMPLETED);
    }
}
