package dev.clipshare.core.spi;

import dev.clipshare.core.SharingEvent;

/**
 * Receives {@link SharingEvent}s: created, updated, revoked, deleted, viewed, unlock failed,
 * locked, and the export lifecycle. Use it to feed the host's audit log.
 *
 * <pre>{@code
 * SharingEventListener audit = event -> {
 *     if (event instanceof SharingEvent.ShareRevoked r) {
 *         auditLog.write(r.actor().id(), "revoked link " + r.shareId());
 *     }
 * };
 * }</pre>
 *
 * <p>Called synchronously on the thread that made the change, after it was stored, possibly from
 * many threads at once: keep it quick and thread-safe. Exceptions are logged and swallowed.
 */
@FunctionalInterface
public interface SharingEventListener {
    /** Ignores everything. */
    SharingEventListener NONE = event -> { };

    void onEvent(SharingEvent event);
}
