package dev.clipshare.core;

import dev.clipshare.core.internal.PasswordChecker;
import dev.clipshare.core.internal.Signer;
import dev.clipshare.core.internal.TokenSealer;
import dev.clipshare.core.memory.InMemoryRateLimiter;
import dev.clipshare.core.spi.AccessPolicy;
import dev.clipshare.core.spi.Change;
import dev.clipshare.core.spi.ExportStore;
import dev.clipshare.core.spi.MediaStore;
import dev.clipshare.core.spi.PasswordAttempt;
import dev.clipshare.core.spi.RateLimitDecision;
import dev.clipshare.core.spi.RateLimiter;
import dev.clipshare.core.spi.ShareChanges;
import dev.clipshare.core.spi.ShareStore;
import dev.clipshare.core.spi.SharingEventListener;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one entry point of Clipshare: manage a library's sharing switch, create and manage links,
 * request exports, and decide what a viewer holding a token may see.
 *
 * <pre>{@code
 * Sharing sharing = Sharing.builder()
 *         .accessPolicy(myPolicy)                       // who owns what, who may do what
 *         .shareStore(shares).exportStore(exports)      // e.g. JdbcStores from sharing-jdbc
 *         .mediaStore(new FileMediaStore(mediaDir))     // from sharing-transcode
 *         .signingKeys(SigningKey.fromBase64("k1", env("SIGNING_KEY")))
 *         .sealingKeys(SealingKey.fromBase64("s1", env("SEALING_KEY")))
 *         .publicBaseUrl(URI.create("https://video.example.com"))
 *         .build();
 *
 * sharing.setSharingEnabled(owner, "team-7", true);
 * ShareDetails link = sharing.createShare(editor, CreateShareRequest.builder(Target.source("video-42")).build());
 * link.pageUrl();   // https://video.example.com/s/<token>
 * }</pre>
 *
 * <p><b>Rules enforced here.</b> Management operations check the caller's role through the
 * host's {@link AccessPolicy}: OWNER/ADMIN switch sharing and clear lockouts, EDITOR and above
 * create, update, revoke and delete links and request exports, VIEWER lists and reads.
 * Non-members are told "not found". Viewer operations apply the rate limits, the password
 * lockout, the bounded bcrypt concurrency, and the "one answer for every missing token" rule.
 * The atomic parts (counting failures, views, the one-per-visibility rule) are done by the stores.
 *
 * <p><b>Thread-safety.</b> Immutable once built and safe to share across threads and requests.
 * Use {@link #newBuilder()} for a variant with different settings.
 */
public final class Sharing {
    private static final Logger log = LoggerFactory.getLogger(Sharing.class);

    private final Builder origin;
    private final SharingSettings settings;
    private final Clock clock;
    private final AccessPolicy access;
    private final ShareStore shares;
    private final ExportStore exports;
    private final MediaStore media;
    private final RateLimiter limiter;
    private final SharingEventListener listener;
    private final Signer signer;
    private final TokenSealer sealer;
    private final PasswordChecker passwords;
    private final ShareLinks links;
    private final ExportQueue queue;

    private Sharing(Builder b, SharingSettings settings) {
        this.origin = b.copy();
        this.settings = settings;
        this.clock = b.clock;
        this.access = b.accessPolicy;
        this.shares = b.shareStore;
        this.exports = b.exportStore;
        this.media = b.mediaStore;
        this.limiter = b.rateLimiter != null ? b.rateLimiter : new InMemoryRateLimiter(b.clock);
        this.listener = b.eventListener;
        this.signer = new Signer(b.signingKeys, settings.clockSkew());
        this.sealer = new TokenSealer(b.sealingKeys);
        this.passwords = new PasswordChecker(settings.bcryptCost(), settings.passwordCheckConcurrency(),
                settings.passwordCheckQueue(), settings.passwordCheckMaxWait());
        this.links = new ShareLinks(settings.publicBaseUrl(), settings.pathPrefix());
        this.queue = new ExportQueue(exports, clock, settings.exportLease(), settings.exportMaxAttempts(), this::publish);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with this instance's components and settings. */
    public Builder newBuilder() {
        return origin.copy();
    }

    // ------------------------------------------------------------------ libraries

    /** Whether sharing is on for the library. Any member may ask. */
    public boolean isSharingEnabled(Principal principal, String libraryId) {
        requireLibraryRole(principal, libraryId, Role.VIEWER, "read the sharing switch");
        return shares.isSharingEnabled(libraryId);
    }

    /**
     * Turns the library's sharing on or off (OWNER or ADMIN). Turning it off stops new links;
     * existing links keep working until revoked one by one.
     */
    public void setSharingEnabled(Principal principal, String libraryId, boolean enabled) {
        requireLibraryRole(principal, libraryId, Role.ADMIN, "turn sharing on or off");
        Instant now = now();
        shares.setSharingEnabled(libraryId, enabled, now);
        publish(new SharingEvent.SharingToggled(libraryId, enabled, principal, now));
    }

    // ------------------------------------------------------------------ shares

    /**
     * Creates a link (EDITOR and above, sharing on in the target's library). Queues an export
     * when the target has none completed or under way. With an idempotency key, repeating the
     * same request returns the first link instead of a second one.
     *
     * @throws TargetNotFoundException   unknown target, or the principal is not a member
     * @throws AccessDeniedException     the principal is a VIEWER
     * @throws SharingDisabledException  sharing is off in the library
     * @throws ShareConflictException    ONE_PER_VISIBILITY and an active link of that visibility exists,
     *                                   or an idempotency key is reused for a different request (any
     *                                   setting differing from the link it created, or the link changed since)
     * @throws ExportRequiredException   a segment target without exports and no range to export
     */
    public ShareDetails createShare(Principal principal, CreateShareRequest request) {
        Objects.requireNonNull(request, "request");
        Target target = request.target();
        String libraryId = access.libraryOf(target).orElseThrow(() -> new TargetNotFoundException(target));
        requireRole(principal, libraryId, Role.EDITOR, "create links", () -> new TargetNotFoundException(target));
        if (!shares.isSharingEnabled(libraryId)) {
            throw new SharingDisabledException(libraryId);
        }
        Instant now = now();
        // stores keep milliseconds: a finer expiry would not read back as written
        Instant expiresAt = request.expiresAt().map(t -> t.truncatedTo(ChronoUnit.MILLIS)).orElse(null);
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new ValidationException("expires_at", "must lie in the future, was " + expiresAt);
        }
        if (request.expiresInDays().isPresent()) {
            expiresAt = now.plus(Duration.ofDays(request.expiresInDays().get()));
        }

        Optional<String> key = request.idempotencyKey();
        ensureExport(target, request.range().orElse(null), now);

        ShareId id = ShareId.random();
        ShareToken token = ShareToken.generate();
        Share share = new Share(id, token.hash(), sealer.seal(token, id), libraryId, target, request.visibility(),
                request.title().orElse(null), request.description().orElse(null), request.metadata(),
                request.password().map(passwords::hash).orElse(null), request.allowDownload(), expiresAt,
                principal, now, now, null, 0, 0, 0, null, key.orElse(null));
        Share stored = shares.insert(share, settings.linksPerTarget());
        if (!stored.id().equals(id)) {
            checkSameRequest(stored, request);
            return details(stored, now);
        }
        publish(new SharingEvent.ShareCreated(id, target, share.visibility(), principal, now));
        return details(stored, now);
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
        try (PasswordChecker.Permit permit = passwords.acquire()) {
            return passwords.matches(password, existing.passwordHash());
        }
    }

    private void ensureExport(Target target, ClipRange range, Instant now) {
        if (exports.latestCompleted(target).isPresent()) {
            return;
        }
        Optional<Export> latest = exports.latest(target);
        if (latest.isPresent() && latest.get().status().isActive()) {
            return;
        }
        if (range == null && target.isSegment()) {
            if (latest.isPresent() && latest.get().range() != null) {
                range = latest.get().range(); // the failed attempt's range: try it again
            } else {
                throw new ExportRequiredException(target);
            }
        }
        Export queued = exports.enqueue(target, range, now);
        queue.signal();
        publish(new SharingEvent.ExportRequested(queued.id(), target, queued.version(), now));
    }

    /**
     * Links of a target, newest first (VIEWER and above).
     *
     * @param query which target, whether revoked links are included, the cursor, the page size
     *              (1..{@value ShareQuery#MAX_LIMIT})
     */
    public Page<ShareDetails> listShares(Principal principal, ShareQuery query) {
        Objects.requireNonNull(query, "query");
        if (query.limit() > ShareQuery.MAX_LIMIT) {
            throw new ValidationException("limit", "must be 1.." + ShareQuery.MAX_LIMIT + ", was " + query.limit());
        }
        Target target = query.target();
        String libraryId = access.libraryOf(target).orElseThrow(() -> new TargetNotFoundException(target));
        requireRole(principal, libraryId, Role.VIEWER, "list links", () -> new TargetNotFoundException(target));
        List<Share> found = shares.list(query.withLimit(query.limit() + 1));
        boolean more = found.size() > query.limit();
        List<Share> page = more ? found.subList(0, query.limit()) : found;
        Instant now = now();
        ExportView exportView = exportView(target);
        List<ShareDetails> items = new ArrayList<>(page.size());
        for (Share s : page) {
            items.add(details(s, now, exportView));
        }
        String next = more ? ShareCursor.after(page.get(page.size() - 1)).encode() : null;
        return new Page<>(items, next);
    }

    /** One link (VIEWER and above in its library), revoked or not. */
    public ShareDetails getShare(Principal principal, ShareId id) {
        Share share = findForManager(principal, id, Role.VIEWER, "read links");
        return details(share, now());
    }

    /**
     * Changes a link's settings (EDITOR and above). Changing or removing the password ends every
     * grant issued so far. A revoked link cannot change.
     */
    public ShareDetails updateShare(Principal principal, ShareId id, ShareUpdate update) {
        Objects.requireNonNull(update, "update");
        Share share = findForManager(principal, id, Role.EDITOR, "change links");
        if (share.isRevoked()) {
            throw new ShareConflictException("share " + id + " is revoked and cannot change");
        }
        Instant now = now();
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
                    case SET -> Change.set(passwords.hash(password.value()));
                });
        Share updated = shares.update(id, changes).orElseThrow(ShareNotFoundException::new);
        if (!changes.isEmpty()) {
            publish(new SharingEvent.ShareUpdated(id, update.fields(), principal, now));
        }
        return details(updated, now);
    }

    /**
     * Revokes a link for good (EDITOR and above): its token stops working on the next request on
     * every node, and the record stays for the audit trail. Revoking twice changes nothing.
     */
    public ShareDetails revokeShare(Principal principal, ShareId id) {
        Share share = findForManager(principal, id, Role.EDITOR, "revoke links");
        Instant now = now();
        Share revoked = shares.revoke(id, now).orElseThrow(ShareNotFoundException::new);
        if (!share.isRevoked()) {
            publish(new SharingEvent.ShareRevoked(id, principal, now));
        }
        return details(revoked, now);
    }

    /** Deletes a link and, with it, every grant (EDITOR and above). */
    public void deleteShare(Principal principal, ShareId id) {
        findForManager(principal, id, Role.EDITOR, "delete links");
        if (!shares.delete(id)) {
            throw new ShareNotFoundException();
        }
        publish(new SharingEvent.ShareDeleted(id, principal, now()));
    }

    /**
     * Ends a password lockout early and resets the failure count (OWNER or ADMIN), so a lockout
     * triggered by someone guessing cannot keep the real audience out.
     */
    public ShareDetails clearLockout(Principal principal, ShareId id) {
        findForManager(principal, id, Role.ADMIN, "clear lockouts");
        shares.clearPasswordFailures(id);
        Instant now = now();
        publish(new SharingEvent.LockoutCleared(id, principal, now));
        return details(shares.findById(id).orElseThrow(ShareNotFoundException::new), now);
    }

    private Share findForManager(Principal principal, ShareId id, Role min, String action) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(principal, "principal");
        Share share = shares.findById(id).orElseThrow(ShareNotFoundException::new);
        requireRole(principal, share.libraryId(), min, action, ShareNotFoundException::new);
        return share;
    }

    // ------------------------------------------------------------------ exports

    /**
     * Queues a new export version of the target (EDITOR and above), e.g. after the host moved a
     * moment's start or end. Links switch to it once it completes; if it fails they keep serving
     * the previous version. A request identical to a job still pending returns that job.
     *
     * @param range the time range, or {@code null} for the whole source
     */
    public Export requestExport(Principal principal, Target target, ClipRange range) {
        Objects.requireNonNull(target, "target");
        String libraryId = access.libraryOf(target).orElseThrow(() -> new TargetNotFoundException(target));
        requireRole(principal, libraryId, Role.EDITOR, "export clips", () -> new TargetNotFoundException(target));
        Optional<Export> latest = exports.latest(target);
        if (latest.isPresent() && latest.get().status() == ExportStatus.PENDING && Objects.equals(latest.get().range(), range)) {
            return latest.get();
        }
        Instant now = now();
        Export queued = exports.enqueue(target, range, now);
        queue.signal();
        publish(new SharingEvent.ExportRequested(queued.id(), target, queued.version(), now));
        return queued;
    }

    /** One export (VIEWER and above in the target's library). */
    public Export getExport(Principal principal, ExportId id) {
        Objects.requireNonNull(id, "id");
        Export export = exports.find(id).orElseThrow(() -> new ExportNotFoundException(id));
        String libraryId = access.libraryOf(export.target()).orElseThrow(() -> new ExportNotFoundException(id));
        requireRole(principal, libraryId, Role.VIEWER, "read exports", () -> new ExportNotFoundException(id));
        return export;
    }

    /** The newest export of the target, whatever its status (VIEWER and above). */
    public Optional<Export> latestExport(Principal principal, Target target) {
        Objects.requireNonNull(target, "target");
        String libraryId = access.libraryOf(target).orElseThrow(() -> new TargetNotFoundException(target));
        requireRole(principal, libraryId, Role.VIEWER, "read exports", () -> new TargetNotFoundException(target));
        return exports.latest(target);
    }

    /** The worker side of the export lifecycle. */
    public ExportQueue exportQueue() {
        return queue;
    }

    // ------------------------------------------------------------------ viewers

    /**
     * What the viewer holding {@code request.token()} may see now. Checks, in order: the global
     * and per-token rate limits (pages and status checks only), the token's shape, the share
     * (missing when never issued, revoked or deleted), private membership (or a valid stream
     * signature), expiry, the password (or a grant, or a signature), and the export.
     *
     * <p>Counts a view for {@link ViewRequest.Purpose#PAGE} requests that end {@code Ready},
     * unless the user agent is a link-preview crawler. Media and download requests are not rate
     * limited while they open something (a player makes many), but one that ends
     * {@link ShareAccess#MISSING} is charged to the global and per-token limits like a page view.
     *
     * @throws RateLimitedException when a limit refuses the request
     */
    public ShareAccess resolve(ViewRequest request) {
        Objects.requireNonNull(request, "request");
        ViewRequest.Purpose purpose = request.purpose();
        boolean limited = purpose == ViewRequest.Purpose.PAGE || purpose == ViewRequest.Purpose.STATUS;
        ShareAccess access = decide(request, purpose, limited);
        if (!limited && access == ShareAccess.MISSING) {
            // media requests of real players are not counted, but probing with tokens that open
            // nothing must cost what a page view costs, or it would load the store unthrottled
            consume("global", settings.globalRateLimit(), RateLimitedException.Scope.GLOBAL);
            Optional<ShareToken> token = ShareToken.parse(request.token());
            if (token.isPresent()) {
                consume("token:" + token.get().hash().hex(), settings.tokenRateLimit(), RateLimitedException.Scope.TOKEN);
            }
        }
        return access;
    }

    private ShareAccess decide(ViewRequest request, ViewRequest.Purpose purpose, boolean limited) {
        Instant now = now();
        if (limited) {
            consume("global", settings.globalRateLimit(), RateLimitedException.Scope.GLOBAL);
        }
        Optional<ShareToken> token = ShareToken.parse(request.token());
        if (token.isEmpty()) {
            return ShareAccess.MISSING;
        }
        TokenHash hash = token.get().hash();
        if (limited) {
            consume("token:" + hash.hex(), settings.tokenRateLimit(), RateLimitedException.Scope.TOKEN);
        }
        Optional<Share> found = shares.findByTokenHash(hash);
        if (found.isEmpty() || found.get().isRevoked()) {
            return ShareAccess.MISSING;
        }
        Share share = found.get();

        Signer.Signed signature = null;
        if (request.signature() != null && (purpose == ViewRequest.Purpose.MEDIA || purpose == ViewRequest.Purpose.DOWNLOAD)) {
            Signer.Purpose wanted = purpose == ViewRequest.Purpose.DOWNLOAD ? Signer.Purpose.DOWNLOAD : Signer.Purpose.STREAM;
            signature = signer.verify(request.signature(), now)
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
            if (access.roleOf(request.viewer(), share.libraryId()).isEmpty()) {
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
                ? exports.findVersion(share.target(), signature.exportVersion()).filter(Export::isCompleted)
                : exports.latestCompleted(share.target());
        if (served.isEmpty()) {
            if (signature != null) {
                return ShareAccess.MISSING; // the signed version is gone; the page hands out a fresh URL
            }
            Export latest = exports.latest(share.target()).orElse(null);
            return latest != null && latest.status() == ExportStatus.FAILED
                    ? new ShareAccess.Failed(share, latest)
                    : new ShareAccess.Processing(share, latest);
        }
        if (purpose == ViewRequest.Purpose.PAGE && !settings.crawlers().matches(request.userAgent())) {
            shares.addViews(share.id(), 1);
            publish(new SharingEvent.ShareViewed(share.id(), now));
        }
        return new ShareAccess.Ready(share, served.get(), credentialEnds);
    }

    private Optional<Signer.Signed> verifiedGrantFor(Share share, String grant, Instant now) {
        if (grant == null) {
            return Optional.empty();
        }
        return signer.verify(grant, now).filter(g -> g.purpose() == Signer.Purpose.GRANT
                && g.shareId().equals(share.id()) && g.credentialVersion() == share.credentialVersion());
    }

    /**
     * Checks a password and, when right, issues a grant valid for
     * {@link SharingSettings#grantLifetime()}. A share without a password gets a grant at once.
     *
     * <p>Order of checks: the global and per-token limits, the share (missing, private
     * membership, expiry), the per-token password limit (a token is taken before bcrypt and given
     * back when the password is right, so it counts failures only), a slot for the bcrypt check (bounded;
     * refused when the line is full), the lockout (reserved atomically in the store before the
     * check, so concurrent guesses cannot exceed it), then bcrypt.
     *
     * @throws ShareNotFoundException   the token opens nothing for this viewer
     * @throws SignInRequiredException  private share, signed-out viewer
     * @throws ShareExpiredException    expired
     * @throws WrongPasswordException   wrong password (counted towards the lockout)
     * @throws PasswordLockedException  locked; also thrown by the attempt that triggers the lock
     * @throws RateLimitedException     a rate limit refused
     * @throws ServiceBusyException     too many password checks at once
     */
    public Grant unlock(UnlockRequest request) {
        Objects.requireNonNull(request, "request");
        consume("global", settings.globalRateLimit(), RateLimitedException.Scope.GLOBAL);
        ShareToken token = ShareToken.parse(request.token()).orElseThrow(ShareNotFoundException::new);
        TokenHash hash = token.hash();
        consume("token:" + hash.hex(), settings.tokenRateLimit(), RateLimitedException.Scope.TOKEN);
        Share share = shares.findByTokenHash(hash).filter(s -> !s.isRevoked()).orElseThrow(ShareNotFoundException::new);
        if (share.visibility() == Visibility.PRIVATE) {
            if (request.viewer() == null) {
                throw new SignInRequiredException();
            }
            if (access.roleOf(request.viewer(), share.libraryId()).isEmpty()) {
                throw new ShareNotFoundException();
            }
        }
        Instant now = now();
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
        consume(passwordBucket, settings.passwordFailureRateLimit(), RateLimitedException.Scope.PASSWORD_FAILURES);
        try (PasswordChecker.Permit permit = passwords.acquire()) {
            PasswordAttempt attempt = shares.reservePasswordAttempt(share.id(), now, settings.lockoutFailures(), settings.lockoutDuration());
            if (!attempt.permitted()) {
                throw new PasswordLockedException(attempt.lockedUntil(), Duration.between(now, attempt.lockedUntil()));
            }
            if (passwords.matches(password, share.passwordHash())) {
                shares.clearPasswordFailures(share.id());
                // the limit counts failures: a right password gives its token back
                limiter.release(passwordBucket, settings.passwordFailureRateLimit());
                return issueGrant(share, now);
            }
            Instant at = now();
            publish(new SharingEvent.UnlockFailed(share.id(), attempt.failures(), at));
            if (attempt.locksOnFailure()) {
                publish(new SharingEvent.ShareLocked(share.id(), attempt.lockedUntil(), at));
                throw new PasswordLockedException(attempt.lockedUntil(), Duration.between(now, attempt.lockedUntil()));
            }
            throw new WrongPasswordException();
        }
    }

    private Grant issueGrant(Share share, Instant now) {
        Instant expiresAt = now.plus(settings.grantLifetime()).truncatedTo(ChronoUnit.SECONDS);
        String value = signer.sign(Signer.Purpose.GRANT, share.id(), share.credentialVersion(), 0, expiresAt);
        return new Grant(value, share.id(), expiresAt);
    }

    /**
     * Checks a grant for the host's own resources (comments, annotations…): authentic, not
     * expired, and its share still live (not revoked, deleted or expired) with the credentials it
     * was issued under (no password change since). Never throws for a bad grant.
     */
    public Optional<VerifiedGrant> verifyGrant(String grant) {
        Instant now = now();
        Optional<Signer.Signed> signed = signer.verify(grant, now).filter(g -> g.purpose() == Signer.Purpose.GRANT);
        if (signed.isEmpty()) {
            return Optional.empty();
        }
        Signer.Signed g = signed.get();
        return shares.findById(g.shareId())
                .filter(s -> !s.isRevoked() && !s.isExpiredAt(now) && s.credentialVersion() == g.credentialVersion())
                .map(s -> new VerifiedGrant(s.id(), s.target(), s.libraryId(), g.expiresAt()));
    }

    /**
     * A signature for the media of a ready share (MP4, HLS, thumbnail), bound to its export
     * version and credentials, valid for {@link SharingSettings#streamUrlLifetime()} but never
     * past the viewer's grant or the share's expiry.
     *
     * @return the value of the {@value ShareLinks#SIGNATURE_PARAM} parameter and its expiry
     */
    public SignedUrl signStream(ShareAccess.Ready ready, String url) {
        return streamSignature(ready).on(url);
    }

    private Signature streamSignature(ShareAccess.Ready ready) {
        Instant expiresAt = earliest(now().plus(settings.streamUrlLifetime()), ready.grantExpiresAt(), ready.share().expiresAt());
        return sign(Signer.Purpose.STREAM, ready.share(), ready.export().version(), expiresAt);
    }

    /**
     * A download URL for a ready share that allows downloads, valid for
     * {@link SharingSettings#downloadUrlLifetime()} (never past the share's expiry).
     */
    public Optional<SignedUrl> downloadUrl(ShareAccess.Ready ready) {
        Share share = ready.share();
        if (!share.allowDownload()) {
            return Optional.empty();
        }
        Instant expiresAt = earliest(now().plus(settings.downloadUrlLifetime()), share.expiresAt(), null);
        ShareToken token = sealer.unseal(share.sealedToken(), share.id());
        return Optional.of(sign(Signer.Purpose.DOWNLOAD, share, ready.export().version(), expiresAt).on(links.download(token)));
    }

    /** A signature value and its expiry, to put on one or more URLs. */
    private record Signature(String value, Instant expiresAt) {
        SignedUrl on(String url) {
            return new SignedUrl(ShareLinks.withSignature(url, value), expiresAt);
        }
    }

    private Signature sign(Signer.Purpose purpose, Share share, long exportVersion, Instant expiresAt) {
        Instant exp = expiresAt.truncatedTo(ChronoUnit.SECONDS);
        return new Signature(signer.sign(purpose, share.id(), share.credentialVersion(), exportVersion, exp), exp);
    }

    private static Instant earliest(Instant a, Instant b, Instant c) {
        Instant min = a;
        if (b != null && b.isBefore(min)) {
            min = b;
        }
        if (c != null && c.isBefore(min)) {
            min = c;
        }
        return min;
    }

    /** Whether a user agent is a link-preview crawler (its fetches are not views). */
    public boolean isLinkPreviewCrawler(String userAgent) {
        return settings.crawlers().matches(userAgent);
    }

    /** The token of a share, unsealed, for hosts that rebuild a link themselves. */
    public ShareToken tokenOf(Share share) {
        return sealer.unseal(share.sealedToken(), share.id());
    }

    // ------------------------------------------------------------------ details

    private record ExportView(Export completed, Export latest) {
        ExportStatus status() {
            return completed != null ? ExportStatus.COMPLETED : latest != null ? latest.status() : null;
        }

        Export shown() {
            return completed != null ? completed : latest;
        }
    }

    private ExportView exportView(Target target) {
        Export completed = exports.latestCompleted(target).orElse(null);
        Export latest = completed != null ? null : exports.latest(target).orElse(null);
        return new ExportView(completed, latest);
    }

    private ShareDetails details(Share share, Instant now) {
        return details(share, now, exportView(share.target()));
    }

    private ShareDetails details(Share share, Instant now, ExportView view) {
        ShareToken token = sealer.unseal(share.sealedToken(), share.id());
        boolean live = !share.isRevoked();
        String page = live ? links.page(token) : null;
        String thumbnail = null;
        String stream = null;
        Instant streamExpires = null;
        String download = null;
        Instant downloadExpires = null;
        Export completed = view.completed();
        if (live && completed != null) {
            ShareAccess.Ready ready = new ShareAccess.Ready(share, completed, null);
            boolean signed = share.visibility() == Visibility.PRIVATE || share.hasPassword();
            String hls = completed.artifacts().hasHls() ? links.hlsPlaylist(token) : links.clip(token);
            if (signed) {
                Signature sig = streamSignature(ready);
                stream = sig.on(hls).url();
                streamExpires = sig.expiresAt();
                thumbnail = sig.on(links.thumbnail(token)).url();
            } else {
                stream = hls;
                thumbnail = links.thumbnail(token);
            }
            Optional<SignedUrl> d = downloadUrl(ready);
            if (d.isPresent()) {
                download = d.get().url();
                downloadExpires = d.get().expiresAt();
            }
        }
        return new ShareDetails(share.id(), token, share.libraryId(), share.target(), share.visibility(),
                share.title(), share.description(), share.metadata(), share.hasPassword(), share.allowDownload(),
                share.expiresAt(), share.isExpiredAt(now), share.revokedAt(), share.lockedUntilAt(now).orElse(null),
                share.viewCount(), share.createdBy(), share.createdAt(), share.updatedAt(),
                view.status(), view.shown(), page, thumbnail, stream, streamExpires, download, downloadExpires);
    }

    // ------------------------------------------------------------------ accessors

    public SharingSettings settings() {
        return settings;
    }

    /**
     * How many bcrypt password comparisons this instance has run since it was built: the costly
     * part of unlocking, worth watching on a dashboard (a rise means someone is guessing). Guesses
     * refused by a rate limit, a lockout, the check cap or the 72-byte rule cost none and are not
     * counted; hashing new passwords is not counted either. Thread-safe.
     */
    public long passwordChecks() {
        return passwords.checks();
    }

    /**
     * The limiter this instance counts its rate limits with (the one given to the builder, or the
     * in-memory one), for companions that add limits of their own under their own keys, such as the
     * management API's per-caller limit.
     */
    public RateLimiter rateLimiter() {
        return limiter;
    }

    public ShareLinks links() {
        return links;
    }

    public Clock clock() {
        return clock;
    }

    public AccessPolicy accessPolicy() {
        return access;
    }

    public MediaStore mediaStore() {
        return media;
    }

    public ShareStore shareStore() {
        return shares;
    }

    public ExportStore exportStore() {
        return exports;
    }

    // ------------------------------------------------------------------ helpers

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private void consume(String key, RateLimit limit, RateLimitedException.Scope scope) {
        RateLimitDecision decision = limiter.tryAcquire(key, limit);
        if (!decision.allowed()) {
            throw new RateLimitedException(scope, decision.retryAfter());
        }
    }

    private Role requireLibraryRole(Principal principal, String libraryId, Role min, String action) {
        Objects.requireNonNull(libraryId, "libraryId");
        return requireRole(principal, libraryId, min, action, () -> new NotFoundException("library not found: " + libraryId));
    }

    private Role requireRole(Principal principal, String libraryId, Role min, String action,
                             java.util.function.Supplier<? extends NotFoundException> notFound) {
        Objects.requireNonNull(principal, "principal");
        Role role = access.roleOf(principal, libraryId).orElseThrow(notFound);
        if (!role.includes(min)) {
            throw new AccessDeniedException(principal.id() + " is " + role + " in library " + libraryId
                    + "; " + min + " or above may " + action);
        }
        return role;
    }

    private void publish(SharingEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            log.warn("sharing event listener failed on {}", event.getClass().getSimpleName(), e);
        }
    }

    // ------------------------------------------------------------------ builder

    /**
     * Builds a {@link Sharing}. Every setter checks its argument at once; {@link #build()} checks
     * that the required parts are there and that the settings fit together. Not thread-safe.
     *
     * <p>Required: {@link #accessPolicy}, {@link #shareStore}, {@link #exportStore},
     * {@link #mediaStore}, {@link #signingKeys}, {@link #sealingKeys}, {@link #publicBaseUrl}.
     * Everything else has the defaults of DESIGN.md.
     */
    public static final class Builder {
        private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9_-]+)+");

        private Clock clock = Clock.systemUTC();
        private AccessPolicy accessPolicy;
        private ShareStore shareStore;
        private ExportStore exportStore;
        private MediaStore mediaStore;
        private RateLimiter rateLimiter;
        private SharingEventListener eventListener = SharingEventListener.NONE;
        private List<SigningKey> signingKeys = List.of();
        private List<SealingKey> sealingKeys = List.of();
        private URI publicBaseUrl;
        private String pathPrefix = "/s";
        private LinksPerTarget linksPerTarget = LinksPerTarget.MULTIPLE;
        private int lockoutFailures = 5;
        private Duration lockoutDuration = Duration.ofMinutes(10);
        private RateLimit globalRateLimit = RateLimit.perMinute(600);
        private RateLimit tokenRateLimit = RateLimit.perMinute(120);
        private RateLimit passwordFailureRateLimit = RateLimit.perMinute(10);
        private Duration grantLifetime = Duration.ofHours(24);
        private Duration streamUrlLifetime = Duration.ofHours(12);
        private Duration downloadUrlLifetime = Duration.ofMinutes(5);
        private Duration clockSkew = Duration.ofSeconds(60);
        private int bcryptCost = 12;
        private int passwordCheckConcurrency = Math.max(1, Runtime.getRuntime().availableProcessors());
        private int passwordCheckQueue = 4 * passwordCheckConcurrency;
        private Duration passwordCheckMaxWait = Duration.ofSeconds(2);
        private Duration exportLease = Duration.ofMinutes(2);
        private int exportMaxAttempts = 3;
        private LinkPreviewCrawlers crawlers = LinkPreviewCrawlers.defaults();

        private Builder() { }

        private Builder copy() {
            Builder b = new Builder();
            b.clock = clock;
            b.accessPolicy = accessPolicy;
            b.shareStore = shareStore;
            b.exportStore = exportStore;
            b.mediaStore = mediaStore;
            b.rateLimiter = rateLimiter;
            b.eventListener = eventListener;
            b.signingKeys = signingKeys;
            b.sealingKeys = sealingKeys;
            b.publicBaseUrl = publicBaseUrl;
            b.pathPrefix = pathPrefix;
            b.linksPerTarget = linksPerTarget;
            b.lockoutFailures = lockoutFailures;
            b.lockoutDuration = lockoutDuration;
            b.globalRateLimit = globalRateLimit;
            b.tokenRateLimit = tokenRateLimit;
            b.passwordFailureRateLimit = passwordFailureRateLimit;
            b.grantLifetime = grantLifetime;
            b.streamUrlLifetime = streamUrlLifetime;
            b.downloadUrlLifetime = downloadUrlLifetime;
            b.clockSkew = clockSkew;
            b.bcryptCost = bcryptCost;
            b.passwordCheckConcurrency = passwordCheckConcurrency;
            b.passwordCheckQueue = passwordCheckQueue;
            b.passwordCheckMaxWait = passwordCheckMaxWait;
            b.exportLease = exportLease;
            b.exportMaxAttempts = exportMaxAttempts;
            b.crawlers = crawlers;
            return b;
        }

        /** The time source for expiries, lockouts, grants and rate limits. Default: {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder accessPolicy(AccessPolicy accessPolicy) {
            this.accessPolicy = Objects.requireNonNull(accessPolicy, "accessPolicy");
            return this;
        }

        public Builder shareStore(ShareStore shareStore) {
            this.shareStore = Objects.requireNonNull(shareStore, "shareStore");
            return this;
        }

        public Builder exportStore(ExportStore exportStore) {
            this.exportStore = Objects.requireNonNull(exportStore, "exportStore");
            return this;
        }

        public Builder mediaStore(MediaStore mediaStore) {
            this.mediaStore = Objects.requireNonNull(mediaStore, "mediaStore");
            return this;
        }

        /** Where rate-limit buckets live. Default: in memory, per node. */
        public Builder rateLimiter(RateLimiter rateLimiter) {
            this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
            return this;
        }

        public Builder eventListener(SharingEventListener listener) {
            this.eventListener = Objects.requireNonNull(listener, "eventListener");
            return this;
        }

        /** The key that signs (first) and the keys that still verify (the rest, during rotation). */
        public Builder signingKeys(SigningKey current, SigningKey... previous) {
            this.signingKeys = keyList(current, previous, SigningKey::id, "signing");
            return this;
        }

        /** The key that seals new tokens (first) and older keys that still unseal. */
        public Builder sealingKeys(SealingKey current, SealingKey... previous) {
            this.sealingKeys = keyList(current, previous, SealingKey::id, "sealing");
            return this;
        }

        private static <K> List<K> keyList(K current, K[] previous, java.util.function.Function<K, String> id, String kind) {
            Objects.requireNonNull(current, kind + " key");
            List<K> all = new ArrayList<>();
            all.add(current);
            for (K k : previous) {
                all.add(Objects.requireNonNull(k, kind + " key"));
            }
            long distinct = all.stream().map(id).distinct().count();
            if (distinct != all.size()) {
                throw new IllegalArgumentException(kind + " key ids must be distinct");
            }
            return List.copyOf(all);
        }

        /** The origin share links are built on, e.g. {@code https://video.example.com}; http(s), no query or fragment. */
        public Builder publicBaseUrl(URI url) {
            Objects.requireNonNull(url, "publicBaseUrl");
            String scheme = url.getScheme();
            if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null) {
                throw new IllegalArgumentException("publicBaseUrl must be an absolute http(s) URL, was " + url);
            }
            if (url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
                throw new IllegalArgumentException("publicBaseUrl must not have user info, a query or a fragment, was " + url);
            }
            String s = url.toString();
            this.publicBaseUrl = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
            return this;
        }

        public Builder publicBaseUrl(String url) {
            return publicBaseUrl(URI.create(Objects.requireNonNull(url, "publicBaseUrl")));
        }

        /** Where share pages live under the base URL, e.g. {@code /s} (the default) or {@code /share}. */
        public Builder pathPrefix(String prefix) {
            if (prefix == null || !PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException("pathPrefix must look like /s or /share/links, was '" + prefix + "'");
            }
            this.pathPrefix = prefix;
            return this;
        }

        public Builder linksPerTarget(LinksPerTarget policy) {
            this.linksPerTarget = Objects.requireNonNull(policy, "linksPerTarget");
            return this;
        }

        /** Wrong passwords that lock a share, and for how long. Default 5 and 10 minutes. */
        public Builder passwordLockout(int failures, Duration duration) {
            if (failures < 1 || failures > 1000) {
                throw new IllegalArgumentException("lockout failures must be 1..1000, was " + failures);
            }
            positive(duration, "lockout duration");
            this.lockoutFailures = failures;
            this.lockoutDuration = duration;
            return this;
        }

        /** Viewer requests allowed for the whole service. Default 600 per minute. */
        public Builder globalRateLimit(RateLimit limit) {
            this.globalRateLimit = Objects.requireNonNull(limit, "globalRateLimit");
            return this;
        }

        /** Viewer requests allowed per token. Default 120 per minute. */
        public Builder tokenRateLimit(RateLimit limit) {
            this.tokenRateLimit = Objects.requireNonNull(limit, "tokenRateLimit");
            return this;
        }

        /** Password attempts allowed per token. Default 10 per minute. */
        public Builder passwordFailureRateLimit(RateLimit limit) {
            this.passwordFailureRateLimit = Objects.requireNonNull(limit, "passwordFailureRateLimit");
            return this;
        }

        /** How long a grant lasts, at most 24 hours (the default). */
        public Builder grantLifetime(Duration lifetime) {
            this.grantLifetime = bounded(lifetime, Duration.ofHours(24), "grant lifetime");
            return this;
        }

        /** How long a signed stream URL lasts, at most 12 hours (the default). */
        public Builder streamUrlLifetime(Duration lifetime) {
            this.streamUrlLifetime = bounded(lifetime, Duration.ofHours(12), "stream URL lifetime");
            return this;
        }

        /** How long a signed download URL lasts, at most 1 hour; default 5 minutes. */
        public Builder downloadUrlLifetime(Duration lifetime) {
            this.downloadUrlLifetime = bounded(lifetime, Duration.ofHours(1), "download URL lifetime");
            return this;
        }

        /** Tolerated clock difference between nodes, at most 5 minutes; default 60 seconds. */
        public Builder clockSkew(Duration skew) {
            Objects.requireNonNull(skew, "clockSkew");
            if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("clock skew must be 0..5 minutes, was " + skew);
            }
            this.clockSkew = skew;
            return this;
        }

        /** bcrypt work factor for new passwords, 10..16; default 12. */
        public Builder bcryptCost(int cost) {
            if (cost < 10 || cost > 16) {
                throw new IllegalArgumentException("bcrypt cost must be 10..16, was " + cost);
            }
            this.bcryptCost = cost;
            return this;
        }

        /**
         * The cap on bcrypt checks: how many run at once (default: the number of cores), how many
         * may wait for a slot (default 4 per core), and how long each may wait (default 2 s).
         * Beyond that, attempts are refused with {@link ServiceBusyException}.
         */
        public Builder passwordChecks(int concurrency, int queue, Duration maxWait) {
            if (concurrency < 1 || queue < 0) {
                throw new IllegalArgumentException("password check concurrency must be at least 1 and queue at least 0, were "
                        + concurrency + " and " + queue);
            }
            positive(maxWait, "password check wait");
            this.passwordCheckConcurrency = concurrency;
            this.passwordCheckQueue = queue;
            this.passwordCheckMaxWait = maxWait;
            return this;
        }

        /** How long a worker holds an export job without a heartbeat (default 2 minutes), and attempts per job (default 3). */
        public Builder exportRetries(Duration lease, int maxAttempts) {
            positive(lease, "export lease");
            if (maxAttempts < 1 || maxAttempts > 100) {
                throw new IllegalArgumentException("export attempts must be 1..100, was " + maxAttempts);
            }
            this.exportLease = lease;
            this.exportMaxAttempts = maxAttempts;
            return this;
        }

        /** More user-agent fragments of link-preview crawlers, whose fetches are not views. */
        public Builder linkPreviewCrawlers(List<String> moreFragments) {
            this.crawlers = LinkPreviewCrawlers.defaults().plus(Objects.requireNonNull(moreFragments, "moreFragments"));
            return this;
        }

        private static void positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + d);
            }
        }

        private static Duration bounded(Duration d, Duration max, String what) {
            positive(d, what);
            if (d.compareTo(max) > 0) {
                throw new IllegalArgumentException(what + " must be at most " + max + ", was " + d);
            }
            return d;
        }

        /**
         * Checks the configuration and builds the facade.
         *
         * @throws IllegalStateException naming every missing required part
         */
        public Sharing build() {
            List<String> missing = new ArrayList<>();
            if (accessPolicy == null) missing.add("accessPolicy");
            if (shareStore == null) missing.add("shareStore");
            if (exportStore == null) missing.add("exportStore");
            if (mediaStore == null) missing.add("mediaStore");
            if (signingKeys.isEmpty()) missing.add("signingKeys");
            if (sealingKeys.isEmpty()) missing.add("sealingKeys");
            if (publicBaseUrl == null) missing.add("publicBaseUrl");
            if (!missing.isEmpty()) {
                throw new IllegalStateException("Sharing needs " + String.join(", ", missing));
            }
            if (downloadUrlLifetime.compareTo(streamUrlLifetime) > 0) {
                throw new IllegalStateException("download URL lifetime (" + downloadUrlLifetime
                        + ") must not exceed the stream URL lifetime (" + streamUrlLifetime + ")");
            }
            SharingSettings settings = new SharingSettings(linksPerTarget, lockoutFailures, lockoutDuration,
                    globalRateLimit, tokenRateLimit, passwordFailureRateLimit, grantLifetime, streamUrlLifetime,
                    downloadUrlLifetime, clockSkew, bcryptCost, passwordCheckConcurrency, passwordCheckQueue,
                    passwordCheckMaxWait, publicBaseUrl, pathPrefix, exportLease, exportMaxAttempts, crawlers);
            return new Sharing(this, settings);
        }
    }
}
