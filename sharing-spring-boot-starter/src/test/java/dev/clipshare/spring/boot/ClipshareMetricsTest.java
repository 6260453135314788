package dev.clipshare.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ExportId;
import dev.clipshare.core.ShareId;
import dev.clipshare.core.SharingEvent;
import dev.clipshare.core.Target;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** The meters, fed events and viewer answers by hand, on a {@link SimpleMeterRegistry}. */
class ClipshareMetricsTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ClipshareMetrics metrics = new ClipshareMetrics(registry, "/s");
    private final ShareId share = ShareId.random();
    private final Target target = Target.source("video-1");

    @Test
    void viewsUnlockFailuresAndLockoutsAreCountedFromEvents() {
        metrics.onEvent(new SharingEvent.ShareViewed(share, T0));
        metrics.onEvent(new SharingEvent.ShareViewed(share, T0));
        metrics.onEvent(new SharingEvent.UnlockFailed(share, 1, T0));
        metrics.onEvent(new SharingEvent.ShareLocked(share, T0.plusSeconds(600), T0));

        assertThat(count("clipshare.page.views")).isEqualTo(2.0);
        assertThat(count("clipshare.unlock.failures")).isEqualTo(1.0);
        assertThat(count("clipshare.lockouts")).isEqualTo(1.0);
    }

    @Test
    void queueDepthIsRequestedMinusFinishedAndDurationsComeFromTheEventsTimes() {
        ExportId a = ExportId.random();
        ExportId b = ExportId.random();
        ExportId c = ExportId.random();
        metrics.onEvent(new SharingEvent.ExportRequested(a, target, 1, T0));
        metrics.onEvent(new SharingEvent.ExportRequested(b, target, 2, T0.plusSeconds(1)));
        metrics.onEvent(new SharingEvent.ExportRequested(c, target, 3, T0.plusSeconds(2)));
        assertThat(depth()).isEqualTo(3.0);

        metrics.onEvent(new SharingEvent.ExportCompleted(a, target, 1, T0.plusSeconds(7)));
        metrics.onEvent(new SharingEvent.ExportFailed(b, target, 2, "bad source", T0.plusSeconds(4)));
        assertThat(depth()).isEqualTo(1.0);
        assertThat(registry.get("clipshare.exports.finished").tag("outcome", "completed").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("clipshare.exports.finished").tag("outcome", "failed").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("clipshare.export.duration").tag("outcome", "completed").timer().totalTime(TimeUnit.SECONDS))
                .isEqualTo(7.0);
        assertThat(registry.get("clipshare.export.duration").tag("outcome", "failed").timer().totalTime(TimeUnit.SECONDS))
                .isEqualTo(3.0);
    }

    @Test
    void anExportFinishedHereButRequestedOnAnotherNodeLowersTheDepthWithoutADuration() {
        metrics.onEvent(new SharingEvent.ExportCompleted(ExportId.random(), target, 1, T0));
        assertThat(depth()).isEqualTo(-1.0);
        assertThat(registry.find("clipshare.export.duration").timer()).isNull();
    }

    @Test
    void mediaBytesCountOnlySuccessfulMediaAnswers() {
        metrics.onResponse(request("/s/abc/clip.mp4"), 206, 1024);
        metrics.onResponse(request("/s/abc/clip.mp4"), 200, 4096);
        metrics.onResponse(request("/s/abc/hls/index.m3u8"), 200, 100);
        metrics.onResponse(request("/s/abc/thumbnail.jpg"), 200, 10);
        metrics.onResponse(request("/s/abc/download"), 200, 1);
        metrics.onResponse(request("/s/abc"), 200, 9999);                 // the page
        metrics.onResponse(request("/s/assets/player.js"), 200, 9999);    // an asset
        metrics.onResponse(request("/s/abc/clip.mp4"), 404, 9999);        // a refusal's body

        assertThat(count("clipshare.media.bytes")).isEqualTo(1024 + 4096 + 100 + 10 + 1);
    }

    @Test
    void rateLimitedAndUnavailableAnswersAreCountedByStatus() {
        metrics.onResponse(request("/s/abc"), 429, 10);
        metrics.onResponse(request("/s/abc/clip.mp4"), 429, 10);
        metrics.onResponse(request("/s/abc"), 503, 10);
        metrics.onResponse(request("/s/abc"), 404, 10);

        assertThat(registry.get("clipshare.viewer.refusals").tag("status", "429").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("clipshare.viewer.refusals").tag("status", "503").counter().count()).isEqualTo(1.0);
        assertThat(count("clipshare.media.bytes")).isZero();
    }

    private static MockHttpServletRequest request(String uri) {
        return new MockHttpServletRequest("GET", uri);
    }

    private double count(String name) {
        return registry.get(name).counter().count();
    }

    private double depth() {
        return registry.get("clipshare.exports.queue.depth").gauge().value();
    }
}
