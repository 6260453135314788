package dev.clipshare.spring.boot;

import dev.clipshare.core.ExportId;
import dev.clipshare.core.SharingEvent;
import dev.clipshare.core.spi.SharingEventListener;
import dev.clipshare.servlet.ViewerObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clipshare's Micrometer meters, fed by {@link SharingEvent}s and by the share filter's
 * {@link ViewerObserver}:
 *
 * <table>
 *   <caption>meters</caption>
 *   <tr><th>name</th><th>type</th><th>what it counts</th></tr>
 *   <tr><td>{@code clipshare.page.views}</td><td>counter</td><td>share pages opened by real viewers (not link-preview crawlers): {@code ShareViewed}</td></tr>
 *   <tr><td>{@code clipshare.media.bytes}</td><td>counter (bytes)</td><td>body bytes of media answers (200 and 206): clip.mp4, HLS, thumbnail, download</td></tr>
 *   <tr><td>{@code clipshare.unlock.failures}</td><td>counter</td><td>wrong passwords: {@code UnlockFailed}</td></tr>
 *   <tr><td>{@code clipshare.lockouts}</td><td>counter</td><td>links locked by too many wrong passwords: {@code ShareLocked}</td></tr>
 *   <tr><td>{@code clipshare.viewer.refusals}</td><td>counter, tag {@code status} 429 or 503</td><td>viewer requests refused by a rate limit (429) or because a store or the password checks were unavailable (503)</td></tr>
 *   <tr><td>{@code clipshare.exports.requested}, {@code clipshare.exports.finished}</td><td>counters, the latter tagged {@code outcome} completed or failed</td><td>{@code ExportRequested}, {@code ExportCompleted}, {@code ExportFailed}</td></tr>
 *   <tr><td>{@code clipshare.exports.queue.depth}</td><td>gauge</td><td>requested minus finished, as seen by this node (see below)</td></tr>
 *   <tr><td>{@code clipshare.export.duration}</td><td>timer, tag {@code outcome}</td><td>from an export's request to its completion or failure: queue wait and transcode</td></tr>
 * </table>
 *
 * <p><b>Queue depth</b> is derived from events, not from the store (the store SPI has no count,
 * and a gauge must be cheap): exports requested on this node minus exports finished on this node
 * since it started. On one node that is the queue's depth. In a cluster a node may request what
 * another finishes, so one node's value may even go negative: the sum over all nodes is the
 * cluster's depth. Export durations are measured when the request and the outcome were both seen
 * on this node (always on one node), from the events' own timestamps (the facade's clock); at
 * most 10,000 requests are remembered.
 *
 * <p>Thread-safe: events and viewer answers arrive on many threads at once.
 */
public final class ClipshareMetrics implements SharingEventListener, ViewerObserver {
    private static final int MAX_PENDING = 10_000;

    private final MeterRegistry registry;
    private final String pagePrefix;
    private final Counter pageViews;
    private final Counter mediaBytes;
    private final Counter unlockFailures;
    private final Counter lockouts;
    private final Counter rateLimited;
    private final Counter unavailable;
    private final Counter exportsRequested;
    private final Counter exportsCompleted;
    private final Counter exportsFailed;
    private final AtomicLong queueDepth = new AtomicLong();
    private final Map<ExportId, Instant> requestedAt = new ConcurrentHashMap<>();

    /**
     * Registers the meters.
     *
     * @param registry   where the meters go
     * @param pathPrefix the share pages' prefix, e.g. {@code /s}, to tell media requests from pages
     */
    public ClipshareMetrics(MeterRegistry registry, String pathPrefix) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.pagePrefix = Objects.requireNonNull(pathPrefix, "pathPrefix") + "/";
        this.pageViews = Counter.builder("clipshare.page.views").description("Share pages opened by real viewers").register(registry);
        this.mediaBytes = Counter.builder("clipshare.media.bytes").baseUnit("bytes")
                .description("Body bytes of media answers (clip, HLS, thumbnail, download)").register(registry);
        this.unlockFailures = Counter.builder("clipshare.unlock.failures").description("Wrong passwords").register(registry);
        this.lockouts = Counter.builder("clipshare.lockouts").description("Links locked by too many wrong passwords").register(registry);
        this.rateLimited = refusals("429");
        this.unavailable = refusals("503");
        this.exportsRequested = Counter.builder("clipshare.exports.requested").description("Exports queued").register(registry);
        this.exportsCompleted = finished("completed");
        this.exportsFailed = finished("failed");
        Gauge.builder("clipshare.exports.queue.depth", queueDepth, AtomicLong::get)
                .description("Exports requested minus exports finished, as seen by this node").register(registry);
    }

    private Counter refusals(String status) {
        return Counter.builder("clipshare.viewer.refusals").tag("status", status)
                .description("Viewer requests refused: 429 rate limited, 503 unavailable").register(registry);
    }

    private Counter finished(String outcome) {
        return Counter.builder("clipshare.exports.finished").tag("outcome", outcome).description("Exports finished").register(registry);
    }

    @Override
    public void onEvent(SharingEvent event) {
        if (event instanceof SharingEvent.ShareViewed) {
            pageViews.increment();
        } else if (event instanceof SharingEvent.UnlockFailed) {
            unlockFailures.increment();
        } else if (event instanceof SharingEvent.ShareLocked) {
            lockouts.increment();
        } else if (event instanceof SharingEvent.ExportRequested r) {
            exportsRequested.increment();
            queueDepth.incrementAndGet();
            if (requestedAt.size() < MAX_PENDING) {
                requestedAt.put(r.exportId(), r.at());
            }
        } else if (event instanceof SharingEvent.ExportCompleted c) {
            exportsCompleted.increment();
            finish(c.exportId(), c.at(), "completed");
        } else if (event instanceof SharingEvent.ExportFailed f) {
            exportsFailed.increment();
            finish(f.exportId(), f.at(), "failed");
        }
    }

    private void finish(ExportId id, Instant at, String outcome) {
        queueDepth.decrementAndGet();
        Instant requested = requestedAt.remove(id);
        if (requested != null && !at.isBefore(requested)) {
            Timer.builder("clipshare.export.duration").tag("outcome", outcome)
                    .description("From an export's request to its outcome").register(registry)
                    .record(Duration.between(requested, at));
        }
    }

    @Override
    public void onResponse(HttpServletRequest request, int status, long bodyBytes) {
        if (status == 429) {
            rateLimited.increment();
        } else if (status == 503) {
            unavailable.increment();
        } else if ((status == 200 || status == 206) && bodyBytes > 0 && isMedia(request)) {
            mediaBytes.increment(bodyBytes);
        }
    }

    /** clip.mp4, hls/..., thumbnail.jpg and download, under /s/{token}/ (not pages, assets or oEmbed). */
    private boolean isMedia(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        if (uri == null || !uri.startsWith(context + pagePrefix)) {
            return false;
        }
        String rest = uri.substring(context.length() + pagePrefix.length());
        int slash = rest.indexOf('/');
        if (slash < 0 || rest.startsWith("assets/")) {
            return false;
        }
        String file = rest.substring(slash + 1);
        return file.equals("clip.mp4") || file.startsWith("hls/") || file.equals("thumbnail.jpg") || file.equals("download");
    }
}
