package dev.clipshare.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The exports side of the facade: requesting and reading exports, and what a target's links
 * serve. The worker side is {@link ExportQueue}. Thread-safe.
 */
final class ExportDesk {
    private final Context c;
    private final ExportQueue queue;

    ExportDesk(Context c, ExportQueue queue) {
        this.c = c;
        this.queue = queue;
    }

    /** What a target's links serve, read once: its latest completed export, else its newest job. */
    record State(Export completed, Export latest) {
        ExportStatus status() {
            return completed != null ? ExportStatus.COMPLETED : latest != null ? latest.status() : null;
        }

        Export shown() {
            return completed != null ? completed : latest;
        }

        State withQueued(Export queued) {
            return completed != null ? this : new State(null, queued);
        }
    }

    /** An export a new link needs, and its range ({@code null}: the whole source). */
    record Needed(ClipRange range) { }

    State state(Target target) {
        Export completed = c.exports.latestCompleted(target).orElse(null);
        Export latest = completed != null ? null : c.exports.latest(target).orElse(null);
        return new State(completed, latest);
    }

    /**
     * Whether a new link of {@code target} needs an export queued: none completed and none under
     * way. A segment needs a range: the request's, or the one a failed attempt was given.
     *
     * @return the export to queue, or {@code null} when none is needed
     * @throws ExportRequiredException a segment without exports and no range to export
     */
    Needed needed(State state, Target target, ClipRange range) {
        if (state.completed() != null) {
            return null;
        }
        Export latest = state.latest();
        if (latest != null && latest.status().isActive()) {
            return null;
        }
        if (range == null && target.isSegment()) {
            if (latest != null && latest.range() != null) {
                return new Needed(latest.range()); // the failed attempt's range: try it again
            }
            throw new ExportRequiredException(target);
        }
        return new Needed(range);
    }

    /** Queues the next version, wakes this node's workers and tells the listener. */
    Export enqueue(Target target, ClipRange range, Instant now) {
        Export queued = c.exports.enqueue(target, range, now);
        queue.signal();
        c.publish(new SharingEvent.ExportRequested(queued.id(), target, queued.version(), now));
        return queued;
    }

    Export requestExport(Principal principal, Target target, ClipRange range) {
        c.libraryFor(principal, target, Role.EDITOR, "export clips");
        Optional<Export> latest = c.exports.latest(target);
        if (latest.isPresent() && latest.get().status() == ExportStatus.PENDING && Objects.equals(latest.get().range(), range)) {
            return latest.get();
        }
        return enqueue(target, range, c.now());
    }

    Export getExport(Principal principal, ExportId id) {
        Objects.requireNonNull(id, "id");
        Export export = c.exports.find(id).orElseThrow(() -> new ExportNotFoundException(id));
        String libraryId = c.access.libraryOf(export.target()).orElseThrow(() -> new ExportNotFoundException(id));
        c.requireRole(principal, libraryId, Role.VIEWER, "read exports", () -> new ExportNotFoundException(id));
        return export;
    }

    Optional<Export> latestExport(Principal principal, Target target) {
        c.libraryFor(principal, target, Role.VIEWER, "read exports");
        return c.exports.latest(target);
    }
}
