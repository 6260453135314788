package dev.clipshare.core;

import java.time.Instant;
import java.util.Set;

/**
 * Something that happened, for the host's audit log or metrics. Delivered synchronously to the
 * configured {@link dev.clipshare.core.spi.SharingEventListener} after the change is stored;
 * a listener that throws is logged and ignored.
 *
 * <p>Events never carry secrets: no tokens, passwords or grants.
 */
public sealed interface SharingEvent {
    /** When it happened. */
    Instant at();

    /** A library's sharing switch changed. */
    record SharingToggled(String libraryId, boolean enabled, Principal actor, Instant at) implements SharingEvent { }

    /** A link was created. */
    record ShareCreated(ShareId shareId, Target target, Visibility visibility, Principal actor, Instant at) implements SharingEvent { }

    /** A link's settings changed; {@code fields} names them (e.g. {@code password}, {@code expires_at}). */
    record ShareUpdated(ShareId shareId, Set<String> fields, Principal actor, Instant at) implements SharingEvent {
        public ShareUpdated {
            fields = Set.copyOf(fields);
        }
    }

    /** A link was revoked (the record stays). */
    record ShareRevoked(ShareId shareId, Principal actor, Instant at) implements SharingEvent { }

    /** A link was deleted. */
    record ShareDeleted(ShareId shareId, Principal actor, Instant at) implements SharingEvent { }

    /** A real viewer (not a link-preview crawler) opened the share page. */
    record ShareViewed(ShareId shareId, Instant at) implements SharingEvent { }

    /** A password check failed; {@code failures} is the count towards the lockout. */
    record UnlockFailed(ShareId shareId, int failures, Instant at) implements SharingEvent { }

    /** Too many wrong passwords locked the share until {@code until}. */
    record ShareLocked(ShareId shareId, Instant until, Instant at) implements SharingEvent { }

    /** An owner or admin ended a lockout early. */
    record LockoutCleared(ShareId shareId, Principal actor, Instant at) implements SharingEvent { }

    /** An export version was queued. */
    record ExportRequested(ExportId exportId, Target target, long version, Instant at) implements SharingEvent { }

    /** An export version completed and is now what the target's links serve. */
    record ExportCompleted(ExportId exportId, Target target, long version, Instant at) implements SharingEvent { }

    /** An export version failed for good (or was superseded); links keep serving the previous one. */
    record ExportFailed(ExportId exportId, Target target, long version, String reason, Instant at) implements SharingEvent { }
}
