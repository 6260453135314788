package dev.clipshare.core.memory;

import dev.clipshare.core.LinksPerTarget;
import dev.clipshare.core.Share;
import dev.clipshare.core.ShareConflictException;
import dev.clipshare.core.ShareId;
import dev.clipshare.core.ShareQuery;
import dev.clipshare.core.TokenHash;
import dev.clipshare.core.spi.PasswordAttempt;
import dev.clipshare.core.spi.ShareChanges;
import dev.clipshare.core.spi.LibrarySettingsStore;
import dev.clipshare.core.spi.ShareStore;
import dev.clipshare.core.spi.ViewerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference {@link ShareStore}: everything in memory, for tests, demos and single-node hosts
 * that accept losing links on restart. Passes the whole sharing-testkit contract.
 *
 * <p>Thread-safe. Per-share changes are atomic through {@link ConcurrentHashMap#compute}; inserts
 * (which check rules across shares) are serialised on one lock. Not shared across nodes.
 */
public final class InMemoryShareStore implements ShareStore, ViewerStore, LibrarySettingsStore {
    private static final Comparator<Share> NEWEST_FIRST = Comparator.comparing(Share::createdAt)
            .thenComparing(s -> s.id().value()).reversed();

    private final Map<ShareId, Share> byId = new ConcurrentHashMap<>();
    private final Map<TokenHash, ShareId> byHash = new ConcurrentHashMap<>();
    private final Map<String, Boolean> sharingEnabled = new ConcurrentHashMap<>();
    private final Object insertLock = new Object();

    @Override
    public Share insert(Share share, LinksPerTarget policy) {
        synchronized (insertLock) {
            if (share.idempotencyKey() != null) {
                for (Share s : byId.values()) {
                    if (share.idempotencyKey().equals(s.idempotencyKey()) && s.createdBy().id().equals(share.createdBy().id())) {
                        return s;
                    }
                }
            }
            if (policy == LinksPerTarget.ONE_PER_VISIBILITY) {
                Instant now = share.createdAt();
                for (Share s : byId.values()) {
                    if (s.isRevoked() || !s.target().equals(share.target()) || s.visibility() != share.visibility()) {
                        continue;
                    }
                    if (!s.isExpiredAt(now)) {
                        throw new ShareConflictException("target " + share.target() + " already has an active "
                                + share.visibility().wireName() + " link: " + s.id(), s.id());
                    }
                }
                // the new link takes the place of expired ones: revoked, so none can be revived next to it
                for (Share s : List.copyOf(byId.values())) {
                    if (!s.isRevoked() && s.target().equals(share.target()) && s.visibility() == share.visibility()) {
                        byId.put(s.id(), with(s, now, s.credentialVersion() + 1, s.viewCount(), s.failedAttempts(), s.lockedUntil()));
                    }
                }
            }
            if (byId.containsKey(share.id()) || byHash.containsKey(share.tokenHash())) {
                throw new ShareConflictException("share id or token already exists");
            }
            byId.put(share.id(), share);
            byHash.put(share.tokenHash(), share.id());
            return share;
        }
    }

    @Override
    public Optional<Share> findById(ShareId id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Optional<Share> findByTokenHash(TokenHash hash) {
        ShareId id = byHash.get(hash);
        return id == null ? Optional.empty() : findById(id);
    }

    @Override
    public List<Share> list(ShareQuery query) {
        return byId.values().stream()
                .filter(s -> s.target().equals(query.target()))
                .filter(s -> query.includeRevoked() || !s.isRevoked())
                .filter(s -> query.after() == null || query.after().precedes(s))
                .sorted(NEWEST_FIRST)
                .limit(query.limit())
                .toList();
    }

    @Override
    public Optional<Share> update(ShareId id, ShareChanges c) {
        // under the insert lock: an insert that retires an expired link must not race its revival
        synchronized (insertLock) {
            return doUpdate(id, c);
        }
    }

    private Optional<Share> doUpdate(ShareId id, ShareChanges c) {
        return Optional.ofNullable(byId.computeIfPresent(id, (k, s) -> new Share(s.id(), s.tokenHash(), s.sealedToken(),
                s.libraryId(), s.target(), s.visibility(), c.title().applyTo(s.title()),
                c.description().applyTo(s.description()), c.metadata().applyTo(s.metadata()),
                c.passwordHash().applyTo(s.passwordHash()), c.allowDownload().applyTo(s.allowDownload()),
                c.expiresAt().applyTo(s.expiresAt()), s.createdBy(), s.createdAt(), c.updatedAt(), s.revokedAt(),
                s.credentialVersion() + (c.bumpCredentialVersion() ? 1 : 0), s.viewCount(), s.failedAttempts(),
                s.lockedUntil(), s.idempotencyKey())));
    }

    @Override
    public Optional<Share> revoke(ShareId id, Instant at) {
        // under the insert lock so a concurrent ONE_PER_VISIBILITY insert sees the slot freed or not, never half
        synchronized (insertLock) {
            return Optional.ofNullable(byId.computeIfPresent(id, (k, s) -> s.isRevoked() ? s
                    : with(s, at, s.credentialVersion() + 1, s.viewCount(), s.failedAttempts(), s.lockedUntil())));
        }
    }

    @Override
    public boolean delete(ShareId id) {
        synchronized (insertLock) {
            Share removed = byId.remove(id);
            if (removed != null) {
                byHash.remove(removed.tokenHash());
            }
            return removed != null;
        }
    }

    @Override
    public void addViews(ShareId id, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("view count to add must not be negative, was " + count);
        }
        byId.computeIfPresent(id, (k, s) -> with(s, s.revokedAt(), s.credentialVersion(), s.viewCount() + count,
                s.failedAttempts(), s.lockedUntil()));
    }

    @Override
    public PasswordAttempt reservePasswordAttempt(ShareId id, Instant now, int maxFailures, Duration lockout) {
        PasswordAttempt[] result = new PasswordAttempt[1];
        byId.computeIfPresent(id, (k, s) -> {
            if (s.lockedUntil() != null && now.isBefore(s.lockedUntil())) {
                result[0] = PasswordAttempt.locked(s.failedAttempts(), s.lockedUntil());
                return s;
            }
            int failures = (s.lockedUntil() != null ? 0 : s.failedAttempts()) + 1;
            Instant lock = failures >= maxFailures ? now.plus(lockout) : null;
            result[0] = PasswordAttempt.permitted(failures, lock);
            return with(s, s.revokedAt(), s.credentialVersion(), s.viewCount(), failures, lock);
        });
        return result[0] != null ? result[0] : PasswordAttempt.permitted(1, null);
    }

    @Override
    public void clearPasswordFailures(ShareId id) {
        byId.computeIfPresent(id, (k, s) -> with(s, s.revokedAt(), s.credentialVersion(), s.viewCount(), 0, null));
    }

    @Override
    public boolean isSharingEnabled(String libraryId) {
        return sharingEnabled.getOrDefault(libraryId, false);
    }

    @Override
    public void setSharingEnabled(String libraryId, boolean enabled, Instant at) {
        sharingEnabled.put(libraryId, enabled);
    }

    private static Share with(Share s, Instant revokedAt, long credentialVersion, long views, int failures, Instant lockedUntil) {
        return new Share(s.id(), s.tokenHash(), s.sealedToken(), s.libraryId(), s.target(), s.visibility(), s.title(),
                s.description(), s.metadata(), s.passwordHash(), s.allowDownload(), s.expiresAt(), s.createdBy(),
                s.createdAt(), s.updatedAt(), revokedAt, credentialVersion, views, failures, lockedUntil, s.idempotencyKey());
    }
}
