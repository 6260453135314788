package dev.clipshare.core;

import dev.clipshare.core.internal.Checks;
import dev.clipshare.core.memory.InMemoryRateLimiter;
import dev.clipshare.core.spi.AccessPolicy;
import dev.clipshare.core.spi.ExportJobStore;
import dev.clipshare.core.spi.ExportStore;
import dev.clipshare.core.spi.LibrarySettingsStore;
import dev.clipshare.core.spi.MediaStore;
import dev.clipshare.core.spi.RateLimiter;
import dev.clipshare.core.spi.ShareStore;
import dev.clipshare.core.spi.SharingEventListener;
import dev.clipshare.core.spi.SharingStores;
import dev.clipshare.core.spi.ViewerStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one entry point of Clipshare: manage a library's sharing switch, create and manage links,
 * request exports, and decide what a viewer holding a token may see.
 *
 * <pre>{@code
 * Sharing sharing = Sharing.builder()
 *         .accessPolicy(myPolicy)                       // who owns what, who may do what
 *         .stores(JdbcStores.builder(dataSource).build())  // or SharingStores.of(shares, exports)
 *         .mediaStore(new FileMediaStore(mediaDir))     // or an object store
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
 * <p><b>Three parts.</b> Managing links (the switch, create, list, read, update, revoke, delete,
 * clear a lockout), viewing (what a token opens, unlocking, grants, the media a viewer may read),
 * and exports (requesting and reading them; {@link #exportQueue()} for workers). This class is
 * the door to each; the rules live behind it, and it hands out no store and no clock.
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
    private final Builder origin;
    private final Context context;
    private final LinkManager links;
    private final ViewerGate viewer;
    private final ExportDesk exports;
    private final ExportQueue queue;

    private Sharing(Builder b, SharingSettings settings) {
        this.origin = b.copy();
        this.context = new Context(b, settings, b.rateLimiter != null ? b.rateLimiter : new InMemoryRateLimiter(b.clock));
        this.queue = new ExportQueue(context);
        this.exports = new ExportDesk(context, queue);
        this.links = new LinkManager(context, exports);
        this.viewer = new ViewerGate(context);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with this instance's components and settings. */
    public Builder newBuilder() {
        return origin.copy();
    }

    // ------------------------------------------------------------------ managing links

    /** Whether sharing is on for the library. Any member may ask. */
    public boolean isSharingEnabled(Principal principal, String libraryId) {
        return links.isSharingEnabled(principal, libraryId);
    }

    /**
     * Turns the library's sharing on or off (OWNER or ADMIN). Turning it off stops new links;
     * existing links keep working until revoked one by one.
     */
    public void setSharingEnabled(Principal principal, String libraryId, boolean enabled) {
        links.setSharingEnabled(principal, libraryId, enabled);
    }

    /**
     * Creates a link (EDITOR and above, sharing on in the target's library). Queues an export
     * when the target has none completed or under way, once the link is stored: a refused request
     * queues nothing. With an idempotency key, repeating the same request returns the first link.
     *
     * @throws TargetNotFoundException   unknown target, or the principal is not a member
     * @throws AccessDeniedException     the principal is a VIEWER
     * @throws SharingDisabledException  sharing is off in the library
     * @throws ShareConflictException    ONE_PER_VISIBILITY and an active link of that visibility exists,
     *                                   or an idempotency key is reused for a different request
     * @throws ExportRequiredException   a segment target without exports and no range to export
     */
    public ShareDetails createShare(Principal principal, CreateShareRequest request) {
        return links.createShare(principal, request);
    }

    /**
     * Links of a target, newest first (VIEWER and above).
     *
     * @param query which target, whether revoked links are included, the cursor, the page size
     *              (1..{@value ShareQuery#MAX_LIMIT})
     */
    public Page<ShareDetails> listShares(Principal principal, ShareQuery query) {
        return links.listShares(principal, query);
    }

    /** One link (VIEWER and above in its library), revoked or not. */
    public ShareDetails getShare(Principal principal, ShareId id) {
        return links.getShare(principal, id);
    }

    /**
     * Changes a link's settings (EDITOR and above). Changing or removing the password ends every
     * grant issued so far. A revoked link cannot change.
     */
    public ShareDetails updateShare(Principal principal, ShareId id, ShareUpdate update) {
        return links.updateShare(principal, id, update);
    }

    /**
     * Revokes a link for good (EDITOR and above): its token stops working on the next request on
     * every node, and the record stays for the audit trail. Revoking twice changes nothing.
     */
    public ShareDetails revokeShare(Principal principal, ShareId id) {
        return links.revokeShare(principal, id);
    }

    /** Deletes a link and, with it, every grant (EDITOR and above). */
    public void deleteShare(Principal principal, ShareId id) {
        links.deleteShare(principal, id);
    }

    /**
     * Ends a password lockout early and resets the failure count (OWNER or ADMIN), so a lockout
     * triggered by someone guessing cannot keep the real audience out.
     */
    public ShareDetails clearLockout(Principal principal, ShareId id) {
        return links.clearLockout(principal, id);
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
        return exports.requestExport(principal, target, range);
    }

    /** One export (VIEWER and above in the target's library). */
    public Export getExport(Principal principal, ExportId id) {
        return exports.getExport(principal, id);
    }

    /** The newest export of the target, whatever its status (VIEWER and above). */
    public Optional<Export> latestExport(Principal principal, Target target) {
        return exports.latestExport(principal, target);
    }

    /** The worker side of the export lifecycle, for export runners. */
    public ExportQueue exportQueue() {
        return queue;
    }

    // ------------------------------------------------------------------ viewing

    /**
     * What the viewer holding {@code request.token()} may see now: the one decision every viewer
     * surface (page, status JSON, media) takes its answer from. Checks, in order: the global and
     * per-token rate limits (pages and status checks only), the token's shape, the share
     * (missing when never issued, revoked or deleted), private membership (or a valid stream
     * signature), expiry, the password (or a grant, or a signature), and the export. A
     * {@link ShareAccess.Ready} names the export version served and carries its {@link Playback}.
     *
     * <p>Counts a view for {@link ViewRequest.Purpose#PAGE} requests that end {@code Ready},
     * unless the user agent is a link-preview crawler. Media and download requests are not rate
     * limited while they open something (a player makes many), but one that ends
     * {@link ShareAccess#MISSING} is charged to the global and per-token limits like a page view.
     *
     * @throws RateLimitedException when a limit refuses the request
     */
    public ShareAccess resolve(ViewRequest request) {
        return viewer.resolve(request);
    }

    /**
     * An artifact ({@code clip.mp4}, {@code thumbnail.jpg}, {@code hls/…}) of the export a ready
     * share serves, to read in ranges; empty when it is not in the media store.
     */
    public Optional<ServedMedia> media(ShareAccess.Ready ready, String name) {
        return viewer.media(ready, name);
    }

    /**
     * Checks a password and, when right, issues a grant valid for
     * {@link SharingSettings#grantLifetime()}. A share without a password gets a grant at once.
     *
     * <p>Order of checks: the global and per-token limits, the share (missing, private
     * membership, expiry), the per-token password limit (a token is taken before bcrypt and given
     * back when the password is right, so it counts failures only), a slot for the bcrypt check
     * (bounded; refused when the line is full), the lockout (reserved atomically in the store
     * before the check, so concurrent guesses cannot exceed it), then bcrypt.
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
        return viewer.unlock(request);
    }

    /**
     * Checks a grant for the host's own resources (comments, annotations…): authentic, not
     * expired, and its share still live (not revoked, deleted or expired) with the credentials it
     * was issued under (no password change since). Never throws for a bad grant.
     */
    public Optional<VerifiedGrant> verifyGrant(String grant) {
        return viewer.verifyGrant(grant);
    }

    /**
     * A signature for the media of a ready share on a URL of the host's own, bound to its export
     * version and credentials, valid for {@link SharingSettings#streamUrlLifetime()} but never
     * past the viewer's grant or the share's expiry. The share's own media URLs are in
     * {@link ShareAccess.Ready#playback()}.
     */
    public SignedUrl signStream(ShareAccess.Ready ready, String url) {
        return context.playback.signStream(ready, url);
    }

    /**
     * A download URL for a ready share that allows downloads, valid for
     * {@link SharingSettings#downloadUrlLifetime()} (never past the share's expiry).
     */
    public Optional<SignedUrl> downloadUrl(ShareAccess.Ready ready) {
        return context.playback.downloadUrl(ready);
    }

    /** Whether a user agent is a link-preview crawler (its fetches are not views). */
    public boolean isLinkPreviewCrawler(String userAgent) {
        return context.settings.crawlers().matches(userAgent);
    }

    /** The token of a share, unsealed, for hosts that rebuild a link themselves. */
    public ShareToken tokenOf(Share share) {
        return context.sealer.unseal(share.sealedToken(), share.id());
    }

    // ------------------------------------------------------------------ accessors

    public SharingSettings settings() {
        return context.settings;
    }

    /**
     * How many bcrypt password comparisons this instance has run since it was built: the costly
     * part of unlocking, worth watching on a dashboard (a rise means someone is guessing). Guesses
     * refused by a rate limit, a lockout, the check cap or the 72-byte rule cost none and are not
     * counted; hashing new passwords is not counted either. Thread-safe.
     */
    public long passwordChecks() {
        return context.passwords.checks();
    }

    /**
     * The limiter this instance counts its rate limits with (the one given to the builder, or the
     * in-memory one), for companions that add limits of their own under their own keys, such as the
     * management API's per-caller limit.
     */
    public RateLimiter rateLimiter() {
        return context.limiter;
    }

    /** The absolute URLs of shares, built on the configured public base URL. */
    public ShareLinks links() {
        return context.links;
    }

    // ------------------------------------------------------------------ builder

    /**
     * Builds a {@link Sharing}. Every setter checks its argument at once; {@link #build()} checks
     * that the required parts are there and that the settings fit together. Not thread-safe.
     *
     * <p>Required: {@link #accessPolicy}, the stores ({@link #stores}, or each of
     * {@link #shareStore}, {@link #viewerStore}, {@link #librarySettingsStore}, {@link #exportStore}
     * and {@link #exportJobStore}), {@link #mediaStore}, {@link #signingKeys}, {@link #sealingKeys}, {@link #publicBaseUrl}.
     * Everything else has the defaults of DESIGN.md.
     */
    public static final class Builder implements Cloneable {
        private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9_-]+)+");

        Clock clock = Clock.systemUTC();
        AccessPolicy accessPolicy;
        ShareStore shareStore;
        ViewerStore viewerStore;
        LibrarySettingsStore librarySettingsStore;
        ExportStore exportStore;
        ExportJobStore exportJobStore;
        MediaStore mediaStore;
        RateLimiter rateLimiter;
        SharingEventListener eventListener = SharingEventListener.NONE;
        List<SigningKey> signingKeys = List.of();
        List<SealingKey> sealingKeys = List.of();
        URI publicBaseUrl;
        String pathPrefix = "/s";
        LinksPerTarget linksPerTarget = LinksPerTarget.MULTIPLE;
        int lockoutFailures = 5;
        Duration lockoutDuration = Duration.ofMinutes(10);
        ViewerLimits viewerLimits = ViewerLimits.defaults();
        Duration grantLifetime = Duration.ofHours(24);
        Duration streamUrlLifetime = Duration.ofHours(12);
        Duration reexportGrace = Duration.ofMinutes(2);
        Duration downloadUrlLifetime = Duration.ofMinutes(5);
        Duration clockSkew = Duration.ofSeconds(60);
        int bcryptCost = 12;
        int passwordCheckConcurrency = Math.max(1, Runtime.getRuntime().availableProcessors());
        int passwordCheckQueue = 4 * passwordCheckConcurrency;
        Duration passwordCheckMaxWait = Duration.ofSeconds(2);
        Duration exportLease = Duration.ofMinutes(2);
        int exportMaxAttempts = 3;
        LinkPreviewCrawlers crawlers = LinkPreviewCrawlers.defaults();

        private Builder() { }

        private Builder copy() {
            try {
                return (Builder) super.clone(); // every field is immutable or an immutable list
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
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

        /**
         * All five stores from one source, e.g. {@code JdbcStores}, {@code RedisStores} or
         * {@link SharingStores#of} over the in-memory stores. Replaces any set one by one.
         */
        public Builder stores(SharingStores stores) {
            Objects.requireNonNull(stores, "stores");
            shareStore(stores.shares());
            viewerStore(stores.viewers());
            librarySettingsStore(stores.libraries());
            exportStore(stores.exports());
            exportJobStore(stores.exportJobs());
            return this;
        }

        /** Link records. Usually set with {@link #stores}. */
        public Builder shareStore(ShareStore shareStore) {
            this.shareStore = Objects.requireNonNull(shareStore, "shareStore");
            return this;
        }

        /** Token lookups, view counts and password attempts. Usually set with {@link #stores}. */
        public Builder viewerStore(ViewerStore viewerStore) {
            this.viewerStore = Objects.requireNonNull(viewerStore, "viewerStore");
            return this;
        }

        /** Libraries' sharing switches. Usually set with {@link #stores}. */
        public Builder librarySettingsStore(LibrarySettingsStore store) {
            this.librarySettingsStore = Objects.requireNonNull(store, "librarySettingsStore");
            return this;
        }

        /** Export records. Usually set with {@link #stores}. */
        public Builder exportStore(ExportStore exportStore) {
            this.exportStore = Objects.requireNonNull(exportStore, "exportStore");
            return this;
        }

        /** The export job queue. Usually set with {@link #stores}. */
        public Builder exportJobStore(ExportJobStore exportJobStore) {
            this.exportJobStore = Objects.requireNonNull(exportJobStore, "exportJobStore");
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
            this.signingKeys = Checks.keyList(current, previous, SigningKey::id, "signing");
            return this;
        }

        /** The key that seals new tokens (first) and older keys that still unseal. */
        public Builder sealingKeys(SealingKey current, SealingKey... previous) {
            this.sealingKeys = Checks.keyList(current, previous, SealingKey::id, "sealing");
            return this;
        }

        /** The origin share links are built on, e.g. {@code https://video.example.com}; http(s), no query or fragment. */
        public Builder publicBaseUrl(URI url) {
            this.publicBaseUrl = ShareLinks.checkBaseUrl(url);
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
            Checks.positive(duration, "lockout duration");
            this.lockoutFailures = failures;
            this.lockoutDuration = duration;
            return this;
        }

        /** The limits on viewers; see {@link ViewerLimits} for what each counts. Default {@link ViewerLimits#defaults()}. */
        public Builder viewerLimits(ViewerLimits limits) {
            this.viewerLimits = Objects.requireNonNull(limits, "viewerLimits");
            return this;
        }

        /** How long a grant lasts, at most 24 hours (the default). */
        public Builder grantLifetime(Duration lifetime) {
            this.grantLifetime = Checks.bounded(lifetime, Duration.ofHours(24), "grant lifetime");
            return this;
        }

        /** How long a signed stream URL lasts, at most 12 hours (the default). */
        public Builder streamUrlLifetime(Duration lifetime) {
            this.streamUrlLifetime = Checks.bounded(lifetime, Duration.ofHours(12), "stream URL lifetime");
            return this;
        }

        /**
         * How long the previous version of a clip stays reachable after a re-export completes
         * (0..12 hours; default 2 minutes): long enough for a player that loaded it to finish
         * what it buffered, short enough that a re-export which cut something out really replaces
         * it. URLs naming the old version (signed ones included) stop at its end, and the export
         * runner deletes its media then.
         */
        public Builder reexportGrace(Duration grace) {
            this.reexportGrace = Checks.atMost(grace, Duration.ofHours(12), "re-export grace");
            return this;
        }

        /** How long a signed download URL lasts, at most 1 hour; default 5 minutes. */
        public Builder downloadUrlLifetime(Duration lifetime) {
            this.downloadUrlLifetime = Checks.bounded(lifetime, Duration.ofHours(1), "download URL lifetime");
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
            Checks.positive(maxWait, "password check wait");
            this.passwordCheckConcurrency = concurrency;
            this.passwordCheckQueue = queue;
            this.passwordCheckMaxWait = maxWait;
            return this;
        }

        /** How long a worker holds an export job without a heartbeat (default 2 minutes), and attempts per job (default 3). */
        public Builder exportRetries(Duration lease, int maxAttempts) {
            Checks.positive(lease, "export lease");
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

        /**
         * Checks the configuration and builds the facade.
         *
         * @throws IllegalStateException naming every missing required part
         */
        public Sharing build() {
            SharingSettings settings = new SharingSettings(this);
            return new Sharing(this, settings);
        }
    }
}
