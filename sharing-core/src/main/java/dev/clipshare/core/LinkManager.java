package dev.clipshare.core;

import dev.clipshare.core.internal.PasswordChecker;
import dev.clipshare.core.spi.Change;
import dev.clipshare.core.spi.ShareChanges;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The managers' side of the facade: a library's sharing switch and the life of each link
 * (create, list, read, change, revoke, delete, clear a lockout). Thread-safe.
 */
final class LinkManager {
    private final Context c;
    private final ExportDesk exports;

    LinkManager(Context c, ExportDesk exports) {
        this.c = c;
        this.exports = exports;
    }

    boolean isSharingEnabled(Principal principal, String libraryId) {
        c.requireLibraryRole(principal, libraryId, Role.VIEWER, "read the sharing switch");
        return c.libraries.isSharingEnabled(libraryId);
    }

    void setSharingEnabled(Principal principal, String libraryId, boolean enabled) {
        c.requireLibraryRole(principal, libraryId, Role.ADMIN, "turn sharing on or off");
        Instant now = c.now();
        c.libraries.setSharingEnabled(libraryId, enabled, now);
        c.publish(new SharingEvent.SharingToggled(libraryId, enabled, principal, now));
    }

    /**
     * Everything that can refuse the request is checked before anything is written or queued:
     * the role, the switch, the expiry, whether a segment without an export came with a range,
     * then the store's own refusals (one link per visibility, a reused idempotency key). Only a
     * stored link queues an export. The export state is read once, and the details are built
     * with the token in hand.
     */
    ShareDetails createShare(Principal principal, CreateShareRequest request) {
        Objects.requireNonNull(request, "request");
        Target target = request.target();
        String libraryId = c.libraryFor(principal, target, Role.EDITOR, "create links");
        if (!c.libraries.isSharingEnabled(libraryId)) {
            throw new SharingDisabledException(libraryId);
        }
        Instant now = c.now();
        // stores keep milliseconds: a finer expiry would not read back as written
        Instant expiresAt = request.expiresAt().map(t -> t.truncatedTo(ChronoUnit.MILLIS)).orElse(null);
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new ValidationException("expires_at", "must lie in the future, was " + expiresAt);
        }
        if (request.expiresInDays().isPresent()) {
            expiresAt = now.plus(Duration.ofDays(request.expiresInDays().get()));
        }
        ExportDesk.State state = exports.state(target);
        ExportDesk.Needed needed = exports.needed(state, target, request.range().orElse(null));

        ShareId id = ShareId.random();
        ShareToken token = ShareToken.generate();
        Share share = new Share(id, token.hash(), c.sealer.seal(token, id), libraryId, target, request.visibility(),
                request.title().orElse(null), request.description().orElse(null), request.metadata(),
                request.password().map(c.passwords::hash).orElse(null), request.allowDownload(), expiresAt,
                principal, now, now, null, 0, 0, 0, null, request.idempotencyKey().orElse(null));
        Share stored;
        try {
            stored = c.shares.insert(share, c.settings.linksPerTarget());
        } catch (ShareConflictException e) {
            throw withExistingLink(e, now);
        }
        boolean created = stored.id().equals(id);
        if (!created) {
            checkSameRequest(stored, request);
            token = c.sealer.unseal(stored.sealedToken(), stored.id()); // the first request's link
        }
        if (needed != null) {
            state = state.withQueued(exports.enqueue(target, needed.range(), now));
        }
        if (created) {
            c.publish(new SharingEvent.ShareCreated(id, target, share.visibility(), principal, now));
        }
        return details(stored, token, now, state);
    }

    /**
     * The store names the link in the way; the caller (an editor of the target's library, who may
     * list that link anyway) also gets its page URL, so a client can hand out the existing link.
     */
    private ShareConflictException withExistingLink(ShareConflictException e, Instant now) {
        if (e.existingShareId().isEmpty() || e.existingShareUrl().isPresent()) {
            return e;
        }
        ShareId existing = e.existingShareId().get();
        String url = c.shares.findById(existing).filter(s -> !s.isRevoked())
                .map(s -> c.links.page(c.sealer.unseal(s.sealedToken(), s.id()))).orElse(null);
        return new ShareConflictException(e.getMessage(), existing, url);
    }

    /**
     * A repeated idempotency key must come with the same request: a retry after a lost response
     * gets the first link, while a client that reuses a key for something else is told so rather
     * than silently handed a link with other settings (another title, no password, no expiry).
     * Compared against the stored link; the range is not stored with a link and is not compared.
     */
    private void checkSameRequest(Share existing, CreateShareRequest request) {
        List<String> differing = new ArrayList<>();
        if (!existing.target().equals(request.target())) differing.add("target");
        if (existing.visibility() != request.visibility()) differing.add("visibility");
        if (!Objects.equals(existing.title(), request.title().orElse(null))) differing.add("title");
        if (!Objects.equals(existing.description(), request.description().orElse(null))) differing.add("description");
        if (!existing.metadata().equals(request.metadata())) differing.add("metadata");
        if (existing.allowDownload() != request.allowDownload()) differing.add("allow_download");
        Instant wantedExpiry = request.expiresAt().map(t -> t.truncatedTo(ChronoUnit.MILLIS))
                .or(() -> request.expiresInDays().map(days -> existing.createdAt().plus(Duration.ofDays(days))))
                .orElse(null);
        if (!Objects.equals(existing.expiresAt(), wantedExpiry)) differing.add("expires_at");
        if (!samePassword(existing, request.password().orElse(null))) differing.add("password");
        if (!differing.isEmpty()) {
            throw new ShareConflictException("idempotency key was already used for a different request ("
                    + String.join(", ", differing) + " differ)");
        }
    }

    private boolean samePassword(Share existing, String password) {
        if (password == null || !existing.hasPassword()) {
            return password == null && !existing.hasPassword();
        }
        try (PasswordChecker.Permit permit = c.passwords.acquireForManagement()) {
            return c.passwords.matches(password, existing.passwordHash());
        }
    }

    Page<ShareDetails> listShares(Principal principal, ShareQuery query) {
        Objects.requireNonNull(query, "query");
        if (query.limit() > ShareQuery.MAX_LIMIT) {
            throw new ValidationException("limit", "must be 1.." + ShareQuery.MAX_LIMIT + ", was " + query.limit());
        }
        Target target = query.target();
        c.libraryFor(principal, target, Role.VIEWER, "list links");
        List<Share> found = c.shares.list(query.withLimit(query.limit() + 1));
        boolean more = found.size() > query.limit();
        List<Share> page = more ? found.subList(0, query.limit()) : found;
        Instant now = c.now();
        ExportDesk.State state = exports.state(target);
        List<ShareDetails> items = new ArrayList<>(page.size());
        for (Share s : page) {
            items.add(details(s, now, state));
        }
        String next = more ? ShareCursor.after(page.get(page.size() - 1)).encode() : null;
        return new Page<>(items, next);
    }

    ShareDetails getShare(Principal principal, ShareId id) {
        Share share = findForManager(principal, id, Role.VIEWER, "read links");
        return details(share, c.now());
    }

    ShareDetails updateShare(Principal principal, ShareId id, ShareUpdate update) {
        Objects.requireNonNull(update, "update");
        Share share = findForManager(principal, id, Role.EDITOR, "change links");
        if (share.isRevoked()) {
            throw new ShareConflictException("share " + id + " is revoked and cannot change");
        }
        Instant now = c.now();
        Change<Instant> expiry = update.expiresAt();
        if (update.expiresInDays() != null) {
            expiry = Change.set(now.plus(Duration.ofDays(update.expiresInDays())));
        } else if (expiry.kind() == Change.Kind.SET) {
            if (!expiry.value().isAfter(now)) {
                throw new ValidationException("expires_at", "must lie in the future, was " + expiry.value());
            }
            expiry = Change.set(expiry.value().truncatedTo(ChronoUnit.MILLIS));
        }
        Change<String> password = update.password();
        ShareChanges changes = ShareChanges.none(now)
                .withTitle(update.title())
                .withDescription(update.description())
                .withMetadata(update.metadata())
                .withAllowDownload(update.allowDownload())
                .withExpiresAt(expiry)
                .withPasswordHash(switch (password.kind()) {
                    case KEEP -> Change.keep();
                    case CLEAR -> Change.clear();
                    case SET -> Change.set(c.passwords.hash(password.value()));
                });
        Share updated = c.shares.update(id, changes).orElseThrow(ShareNotFoundException::new);
        if (!changes.isEmpty()) {
            c.publish(new SharingEvent.ShareUpdated(id, update.fields(), principal, now));
        }
        return details(updated, now);
    }

    ShareDetails revokeShare(Principal principal, ShareId id) {
        Share share = findForManager(principal, id, Role.EDITOR, "revoke links");
        Instant now = c.now();
        Share revoked = c.shares.revoke(id, now).orElseThrow(ShareNotFoundException::new);
        if (!share.isRevoked()) {
            c.publish(new SharingEvent.ShareRevoked(id, principal, now));
        }
        return details(revoked, now);
    }

    void deleteShare(Principal principal, ShareId id) {
        findForManager(principal, id, Role.EDITOR, "delete links");
        if (!c.shares.delete(id)) {
            throw new ShareNotFoundException();
        }
        c.publish(new SharingEvent.ShareDeleted(id, principal, c.now()));
    }

    ShareDetails clearLockout(Principal principal, ShareId id) {
        findForManager(principal, id, Role.ADMIN, "clear lockouts");
        c.viewers.clearPasswordFailures(id);
        Instant now = c.now();
        c.publish(new SharingEvent.LockoutCleared(id, principal, now));
        return details(c.shares.findById(id).orElseThrow(ShareNotFoundException::new), now);
    }

    private Share findForManager(Principal principal, ShareId id, Role min, String action) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(principal, "principal");
        Share share = c.shares.findById(id).orElseThrow(ShareNotFoundException::new);
        c.requireRole(principal, share.libraryId(), min, action, ShareNotFoundException::new);
        return share;
    }

    // ------------------------------------------------------------------ details

    private ShareDetails details(Share share, Instant now) {
        return details(share, now, exports.state(share.target()));
    }

    private ShareDetails details(Share share, Instant now, ExportDesk.State state) {
        return details(share, c.sealer.unseal(share.sealedToken(), share.id()), now, state);
    }

    private ShareDetails details(Share share, ShareToken token, Instant now, ExportDesk.State state) {
        boolean live = !share.isRevoked();
        Export completed = state.completed();
        Playback playback = null;
        SignedUrl download = null;
        if (live && completed != null) {
            playback = c.playback.of(share, completed, token, null);
            download = c.playback.downloadUrl(share, playback).orElse(null);
        }
        return new ShareDetails(share, token, now, state.status(), state.shown(), live ? c.links.page(token) : null,
                playback, download);
    }

}
