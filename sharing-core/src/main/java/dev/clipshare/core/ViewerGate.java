package dev.clipshare.core;

import dev.clipshare.core.internal.PasswordChecker;
import dev.clipshare.core.internal.Signer;
import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.core.spi.MediaObject;
import dev.clipshare.core.spi.PasswordAttempt;
import dev.clipshare.core.spi.ServedShareLookup;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * The viewer's side of the facade: what a token opens ({@link #resolve}), unlocking with a
 * password, grants, and the media a ready share may read. Every decision about what a viewer
 * gets, including which export version, is made here. Thread-safe.
 */
final class ViewerGate {
    private final Context c;
    private final ViewerLimiter limits;

    ViewerGate(Context c) {
        this.c = c;
        this.limits = new ViewerLimiter(c);
    }

    ShareAccess resolve(ViewRequest request) {
        Objects.requireNonNull(request, "request");
        ViewRequest.Purpose purpose = request.purpose();
        boolean limited = purpose == ViewRequest.Purpose.PAGE || purpose == ViewRequest.Purpose.STATUS;
        limits.refuseSpentClient(request.client()); // before any lookup
        ShareAccess access = decide(request, purpose, limited);
        if (access == ShareAccess.MISSING) {
            // whatever the purpose: a token that opens nothing is probing, and costs the prober
            limits.chargeProbe(request.client());
        }
        return access;
    }

    private ShareAccess decide(ViewRequest request, ViewRequest.Purpose purpose, boolean limited) {
        Instant now = c.now();
        Optional<ShareToken> parsed = ShareToken.parse(request.token());
        if (parsed.isEmpty()) {
            return ShareAccess.MISSING;
        }
        ShareToken token = parsed.get();
        TokenHash hash = token.hash();
        ViewerLimiter.Charge charge = limited ? limits.startCall(request.client(), hash) : ViewerLimiter.Charge.NONE;
        // one round trip where the store can join the share with what it serves, while the limiter decides
        Optional<ServedShareLookup.ServedShare> found;
        try {
            found = c.viewers instanceof ServedShareLookup joined
                    ? joined.findServed(hash)
                    : c.viewers.findByTokenHash(hash).map(share -> new ServedShareLookup.ServedShare(share, null));
        } catch (RuntimeException e) {
            // the charge is still awaited: a begun decision is always finished (or given up) by its caller
            try {
                charge.settle();
            } catch (RuntimeException refused) {
                e.addSuppressed(refused);
            }
            throw e;
        }
        charge.settle();
        if (found.isEmpty() || found.get().share().isRevoked()) {
            return ShareAccess.MISSING;
        }
        Share share = found.get().share();
        boolean oneTrip = c.viewers instanceof ServedShareLookup;

        Signer.Signed signature = null;
        if (request.signature() != null && (purpose == ViewRequest.Purpose.MEDIA || purpose == ViewRequest.Purpose.DOWNLOAD)) {
            Signer.Purpose wanted = purpose == ViewRequest.Purpose.DOWNLOAD ? Signer.Purpose.DOWNLOAD : Signer.Purpose.STREAM;
            signature = c.signer.verify(request.signature(), now)
                    .filter(s -> s.purpose() == wanted && s.shareId().equals(share.id())
                            && s.credentialVersion() == share.credentialVersion())
                    .orElse(null);
        }
        if (purpose == ViewRequest.Purpose.DOWNLOAD && (signature == null || !share.allowDownload())) {
            return ShareAccess.MISSING;
        }
        if (share.visibility() == Visibility.PRIVATE && signature == null) {
            if (request.viewer() == null) {
                return new ShareAccess.SignInRequired();
            }
            if (c.access.roleOf(request.viewer(), share.libraryId()).isEmpty()) {
                return ShareAccess.MISSING;
            }
        }
        if (share.isExpiredAt(now)) {
            return new ShareAccess.Expired();
        }
        Instant credentialEnds = signature != null ? signature.expiresAt() : null;
        if (share.hasPassword() && signature == null) {
            Optional<Signer.Signed> grant = verifiedGrantFor(share, request.grant(), now);
            if (grant.isEmpty()) {
                Optional<Instant> locked = share.lockedUntilAt(now);
                if (locked.isPresent()) {
                    return new ShareAccess.Locked(share, locked.get(), Duration.between(now, locked.get()));
                }
                return new ShareAccess.PasswordRequired(share);
            }
            credentialEnds = grant.get().expiresAt();
        }

        Optional<Export> served = signature != null
                ? signedVersion(share, signature.exportVersion(), now)
                : oneTrip ? found.get().servedExport() : c.exports.latestCompleted(share.target());
        if (served.isEmpty()) {
            if (signature != null) {
                return ShareAccess.MISSING; // the signed version is gone; the page hands out a fresh URL
            }
            Export latest = c.exports.latest(share.target()).orElse(null);
            return latest != null && latest.status() == ExportStatus.FAILED
                    ? new ShareAccess.Failed(share, latest)
                    : new ShareAccess.Processing(share, latest);
        }
        Export export = served.get();
        if (signature == null && purpose == ViewRequest.Purpose.MEDIA) {
            export = pinnedVersion(share, export, request.version());
        }
        if (purpose == ViewRequest.Purpose.PAGE && !c.settings.crawlers().matches(request.userAgent())) {
            c.viewers.addViews(share.id(), 1);
            c.publish(new SharingEvent.ShareViewed(share.id(), now));
        }
        Playback playback = signature != null
                ? c.playback.ofSignedUrl(share, export, token, request.signature(), signature.expiresAt())
                : c.playback.of(share, export, token, credentialEnds);
        return new ShareAccess.Ready(share, export, credentialEnds, playback);
    }

    /**
     * The version a media URL without a signature asked for with {@code ?v=N}: that version
     * while it is the latest, or a completed older one within the re-export grace
     * ({@link SharingSettings#reexportGrace()}) of the latest completing (a player that loaded it
     * can finish); the latest otherwise.
     */
    private Export pinnedVersion(Share share, Export latest, long wanted) {
        if (wanted <= 0 || wanted >= latest.version() || !withinGrace(latest, c.clock.instant())) {
            return latest;
        }
        return c.exports.findVersion(share.target(), wanted).filter(Export::isCompleted).orElse(latest);
    }

    /**
     * The version a stream signature names: honoured while it is the latest completed one, or,
     * once superseded, until the re-export grace after the latest completed; then nothing (the
     * page hands out a fresh URL). The latest is read first, so the common case stays one lookup.
     */
    private Optional<Export> signedVersion(Share share, long version, Instant now) {
        Optional<Export> latest = c.exports.latestCompleted(share.target());
        if (latest.isEmpty() || latest.get().version() == version) {
            return latest;
        }
        if (latest.get().version() < version || !withinGrace(latest.get(), now)) {
            return Optional.empty();
        }
        return c.exports.findVersion(share.target(), version).filter(Export::isCompleted);
    }

    private boolean withinGrace(Export successor, Instant now) {
        Instant supersededAt = successor.completedAt();
        return supersededAt != null && !now.isAfter(supersededAt.plus(c.settings.reexportGrace()));
    }

    /**
     * An artifact of the export a ready share serves. When a URL without a signature pinned an
     * older version whose media is gone already, the latest completed version's is served.
     */
    Optional<ServedMedia> media(ShareAccess.Ready ready, String name) {
        Objects.requireNonNull(ready, "ready");
        Target target = ready.share().target();
        MediaKey key = new MediaKey(target, ready.export().version(), name);
        Optional<MediaObject> object = c.media.stat(key);
        if (object.isEmpty() && !ready.playback().fromSignedUrl()) {
            Optional<Export> latest = c.exports.latestCompleted(target);
            if (latest.isPresent() && latest.get().version() != key.version()) {
                key = new MediaKey(target, latest.get().version(), name);
                object = c.media.stat(key);
            }
        }
        MediaKey found = key;
        boolean audioClip = name.equals(MediaKey.CLIP) && ready.artifacts().isAudioOnly();
        return object.map(o -> audioClip ? new MediaObject(o.size(), o.lastModified(), o.etag(), ready.artifacts().mimeType()) : o)
                .map(o -> ServedMedia.of(c.media, found, o));
    }

    private Optional<Signer.Signed> verifiedGrantFor(Share share, String grant, Instant now) {
        if (grant == null) {
            return Optional.empty();
        }
        return c.signer.verify(grant, now).filter(g -> g.purpose() == Signer.Purpose.GRANT
                && g.shareId().equals(share.id()) && g.credentialVersion() == share.credentialVersion());
    }

    Grant unlock(UnlockRequest request) {
        Objects.requireNonNull(request, "request");
        String client = request.client();
        limits.refuseSpentClient(client);
        Optional<ShareToken> token = ShareToken.parse(request.token());
        if (token.isEmpty()) {
            limits.chargeProbe(client);
            throw new ShareNotFoundException();
        }
        TokenHash hash = token.get().hash();
        limits.chargeCall(client, hash);
        Optional<Share> found = c.viewers.findByTokenHash(hash).filter(s -> !s.isRevoked());
        if (found.isEmpty()) {
            limits.chargeProbe(client);
            throw new ShareNotFoundException();
        }
        Share share = found.get();
        if (share.visibility() == Visibility.PRIVATE) {
            if (request.viewer() == null) {
                throw new SignInRequiredException();
            }
            if (c.access.roleOf(request.viewer(), share.libraryId()).isEmpty()) {
                limits.chargeProbe(client);
                throw new ShareNotFoundException();
            }
        }
        Instant now = c.now();
        if (share.isExpiredAt(now)) {
            throw new ShareExpiredException();
        }
        if (!share.hasPassword()) {
            return issueGrant(share, now);
        }
        String password = request.password();
        if (password == null || password.isEmpty() || !PasswordChecker.couldMatch(password)) {
            // nothing was guessed (no password), or nothing could match (longer than any stored
            // password can be): answered like a wrong password, but not counted and no bcrypt spent
            Optional<Instant> locked = share.lockedUntilAt(now);
            if (locked.isPresent()) {
                throw new PasswordLockedException(locked.get(), Duration.between(now, locked.get()));
            }
            throw new WrongPasswordException();
        }
        String passwordBucket = "password:" + hash.hex();
        RateLimit failures = c.settings.viewerLimits().passwordFailures();
        c.consume(passwordBucket, failures, RateLimitedException.Scope.PASSWORD_FAILURES);
        try (PasswordChecker.Permit permit = c.passwords.acquire()) {
            PasswordAttempt attempt = c.viewers.reservePasswordAttempt(share.id(), now, c.settings.lockoutFailures(),
                    c.settings.lockoutDuration());
            if (!attempt.permitted()) {
                throw new PasswordLockedException(attempt.lockedUntil(), Duration.between(now, attempt.lockedUntil()));
            }
            if (c.passwords.matches(password, share.passwordHash())) {
                c.viewers.clearPasswordFailures(share.id());
                // the limit counts failures: a right password gives its token back
                c.limiter.release(passwordBucket, failures);
                return issueGrant(share, now);
            }
            Instant at = c.now();
            limits.countFailedUnlock(client);
            c.publish(new SharingEvent.UnlockFailed(share.id(), attempt.failures(), at));
            if (attempt.locksOnFailure()) {
                c.publish(new SharingEvent.ShareLocked(share.id(), attempt.lockedUntil(), at));
                throw new PasswordLockedException(attempt.lockedUntil(), Duration.between(now, attempt.lockedUntil()));
            }
            throw new WrongPasswordException();
        }
    }

    private Grant issueGrant(Share share, Instant now) {
        Instant expiresAt = now.plus(c.settings.grantLifetime()).truncatedTo(ChronoUnit.SECONDS);
        String value = c.signer.sign(Signer.Purpose.GRANT, share.id(), share.credentialVersion(), 0, expiresAt);
        return new Grant(value, share.id(), expiresAt, now);
    }

    Optional<VerifiedGrant> verifyGrant(String grant) {
        Instant now = c.now();
        Optional<Signer.Signed> signed = c.signer.verify(grant, now).filter(g -> g.purpose() == Signer.Purpose.GRANT);
        if (signed.isEmpty()) {
            return Optional.empty();
        }
        Signer.Signed g = signed.get();
        return c.shares.findById(g.shareId())
                .filter(s -> !s.isRevoked() && !s.isExpiredAt(now) && s.credentialVersion() == g.credentialVersion())
                .map(s -> new VerifiedGrant(s.id(), s.target(), s.libraryId(), g.expiresAt()));
    }
}
