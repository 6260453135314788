package dev.clipshare.testkit.broken;

import dev.clipshare.core.LinksPerTarget;
import dev.clipshare.core.Share;
import dev.clipshare.core.ShareConflictException;
import dev.clipshare.core.ShareId;
import dev.clipshare.core.ShareQuery;
import dev.clipshare.core.TokenHash;
import dev.clipshare.core.spi.LibrarySettingsStore;
import dev.clipshare.core.spi.PasswordAttempt;
import dev.clipshare.core.spi.ShareChanges;
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
 * A deliberately wrong store: correct on one node, wrong on two. Every instance made by
 * {@link #secondNode()} shares the data (as nodes share a database), but each keeps its
 * atomicity with its own Java lock: a read, a decision and a write, under a lock the other node
 * does not take. That is the mistake the SPI forbids and the contract's races must catch.
 *
 * <p>Between its read and its write it waits {@code gap} (busy, no sleep), standing for the
 * round trip a real store makes between the two; zero is allowed.
 */
public final class PerNodeLockedShareStore implements ShareStore, ViewerStore, LibrarySettingsStore {
    private static final Comparator<Share> NEWEST_FIRST = Comparator.comparing(Share::createdAt)
            .thenComparing(s -> s.id().value()).reversed();

    /** What the nodes share: the "database". */
    private static final class Data {
        final Map<ShareId, Share> byId = new ConcurrentHashMap<>();
        final Map<TokenHash, ShareId> byHash = new ConcurrentHashMap<>();
        final Map<String, Boolean> sharingEnabled = new ConcurrentHashMap<>();
    }

    private final Data data;
    private final long gapNanos;
    private final Object nodeLock = new Object();   // the mistake: one lock per node

    public PerNodeLockedShareStore(Duration gap) {
        this(new Data(), gap.toNanos());
    }

    private PerNodeLockedShareStore(Data data, long gapNanos) {
        this.data = data;
        this.gapNanos = gapNanos;
    }

    /** Another node over the same data, with a lock of its own. */
    public PerNodeLockedShareStore secondNode() {
        return new PerNodeLockedShareStore(data, gapNanos);
    }

    private void roundTrip() {
        long until = System.nanoTime() + gapNanos;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    @Override
    public Share insert(Share share, LinksPerTarget policy) {
        synchronized (nodeLock) {
            List<Share> all = List.copyOf(data.byId.values());
            roundTrip();
            if (share.idempotencyKey() != null) {
                for (Share s : all) {
                    if (share.idempotencyKey().equals(s.idempotencyKey()) && s.createdBy().id().equals(share.createdBy().id())) {
                        return s;
                    }
                }
            }
            if (policy == LinksPerTarget.ONE_PER_VISIBILITY) {
                // the rule is right (active = unrevoked and unexpired; expired holders give way),
                // only its atomicity is per node
                for (Share s : all) {
                    if (!s.isRevoked() && s.target().equals(share.target()) && s.visibility() == share.visibility()) {
                        if (s.isExpiredAt(share.createdAt())) {
                            data.byId.put(s.id(), with(s, share.createdAt(), s.credentialVersion() + 1, s.viewCount(),
                                    s.failedAttempts(), s.lockedUntil()));
                        } else {
                            throw new ShareConflictException("target already has an active link", s.id());
                        }
                    }
                }
            }
            if (data.byId.containsKey(share.id()) || data.byHash.containsKey(share.tokenHash())) {
                throw new ShareConflictException("share id or token already exists");
            }
            data.byId.put(share.id(), share);
            data.byHash.put(share.tokenHash(), share.id());
            return share;
        }
    }

    @Override
    public Optional<Share> findById(ShareId id) {
        return Optional.ofNullable(data.byId.get(id));
    }

    @Override
    public Optional<Share> findByTokenHash(TokenHash hash) {
        ShareId id = data.byHash.get(hash);
        return id == null ? Optional.empty() : findById(id);
    }

    @Override
    public List<Share> list(ShareQuery query) {
        return data.byId.values().stream()
                .filter(s -> s.target().equals(query.target()))
                .filter(s -> query.includeRevoked() || !s.isRevoked())
                .filter(s -> query.after() == null || query.after().precedes(s))
                .sorted(NEWEST_FIRST)
                .limit(query.limit())
                .toList();
    }

    /** Read, change in Java, write back: atomic on this node only. */
    private Optional<Share> readModifyWrite(ShareId id, java.util.function.UnaryOperator<Share> change) {
        synchronized (nodeLock) {
            Share s = data.byId.get(id);
            if (s == null) {
                return Optional.empty();
            }
            roundTrip();
            Share after = change.apply(s);
            data.byId.put(id, after);
            return Optional.of(after);
        }
    }

    @Override
    public Optional<Share> update(ShareId id, ShareChanges c) {
        return readModifyWrite(id, s -> new Share(s.id(), s.tokenHash(), s.sealedToken(), s.libraryId(), s.target(),
                s.visibility(), c.title().applyTo(s.title()), c.description().applyTo(s.description()),
                c.metadata().applyTo(s.metadata()), c.passwordHash().applyTo(s.passwordHash()),
                c.allowDownload().applyTo(s.allowDownload()), c.expiresAt().applyTo(s.expiresAt()), s.createdBy(),
                s.createdAt(), c.updatedAt(), s.revokedAt(), s.credentialVersion() + (c.bumpCredentialVersion() ? 1 : 0),
                s.viewCount(), s.failedAttempts(), s.lockedUntil(), s.idempotencyKey()));
    }

    @Override
    public Optional<Share> revoke(ShareId id, Instant at) {
        return readModifyWrite(id, s -> s.isRevoked() ? s
                : with(s, at, s.credentialVersion() + 1, s.viewCount(), s.failedAttempts(), s.lockedUntil()));
    }

    @Override
    public boolean delete(ShareId id) {
        synchronized (nodeLock) {
            Share removed = data.byId.remove(id);
            if (removed != null) {
                data.byHash.remove(removed.tokenHash());
            }
            return removed != null;
        }
    }

    @Override
    public void addViews(ShareId id, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
        readModifyWrite(id, s -> with(s, s.revokedAt(), s.credentialVersion(), s.viewCount() + count,
                s.failedAttempts(), s.lockedUntil()));
    }

    @Override
    public PasswordAttempt reservePasswordAttempt(ShareId id, Instant now, int maxFailures, Duration lockout) {
        PasswordAttempt[] result = {PasswordAttempt.permitted(1, null)};
        readModifyWrite(id, s -> {
            if (s.lockedUntil() != null && now.isBefore(s.lockedUntil())) {
                result[0] = PasswordAttempt.locked(s.failedAttempts(), s.lockedUntil());
                return s;
            }
            int failures = (s.lockedUntil() != null ? 0 : s.failedAttempts()) + 1;
            Instant lock = failures >= maxFailures ? now.plus(lockout) : null;
            result[0] = PasswordAttempt.permitted(failures, lock);
            return with(s, s.revokedAt(), s.credentialVersion(), s.viewCount(), failures, lock);
        });
        return result[0];
    }

    @Override
    public void clearPasswordFailures(ShareId id) {
        readModifyWrite(id, s -> with(s, s.revokedAt(), s.credentialVersion(), s.viewCount(), 0, null));
    }

    @Override
    public boolean isSharingEnabled(String libraryId) {
        return data.sharingEnabled.getOrDefault(libraryId, false);
    }

    @Override
    public void setSharingEnabled(String libraryId, boolean enabled, Instant at) {
        data.sharingEnabled.put(libraryId, enabled);
    }

    private static Share with(Share s, Instant revokedAt, long credentialVersion, long views, int failures, Instant lockedUntil) {
        return new Share(s.id(), s.tokenHash(), s.sealedToken(), s.libraryId(), s.target(), s.visibility(), s.title(),
                s.description(), s.metadata(), s.passwordHash(), s.allowDownload(), s.expiresAt(), s.createdBy(),
                s.createdAt(), s.updatedAt(), revokedAt, credentialVersion, views, failures, lockedUntil, s.idempotencyKey());
    }
}
