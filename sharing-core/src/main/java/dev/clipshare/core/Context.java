package dev.clipshare.core;

import dev.clipshare.core.internal.PasswordChecker;
import dev.clipshare.core.internal.Signer;
import dev.clipshare.core.internal.TokenSealer;
import dev.clipshare.core.spi.AccessPolicy;
import dev.clipshare.core.spi.ExportJobStore;
import dev.clipshare.core.spi.ExportStore;
import dev.clipshare.core.spi.LibrarySettingsStore;
import dev.clipshare.core.spi.MediaStore;
import dev.clipshare.core.spi.RateLimitDecision;
import dev.clipshare.core.spi.RateLimiter;
import dev.clipshare.core.spi.ShareStore;
import dev.clipshare.core.spi.SharingEventListener;
import dev.clipshare.core.spi.ViewerStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the three parts of the facade ({@link LinkManager}, {@link ViewerGate},
 * {@link ExportDesk}) share: the host's components, the secrets, and the few rules every part
 * applies the same way (time, roles, rate limits, events). Built once per {@link Sharing};
 * immutable and thread-safe.
 */
final class Context {
    private static final Logger log = LoggerFactory.getLogger(Sharing.class);

    final SharingSettings settings;
    final Clock clock;
    final AccessPolicy access;
    final ShareStore shares;
    final ViewerStore viewers;
    final LibrarySettingsStore libraries;
    final ExportStore exports;
    final ExportJobStore jobs;
    final MediaStore media;
    final RateLimiter limiter;
    final SharingEventListener listener;
    final Signer signer;
    final TokenSealer sealer;
    final PasswordChecker passwords;
    final ShareLinks links;
    final PlaybackRule playback;

    Context(Sharing.Builder b, SharingSettings settings, RateLimiter limiter) {
        this.settings = settings;
        this.clock = b.clock;
        this.access = b.accessPolicy;
        this.shares = b.shareStore;
        this.viewers = b.viewerStore;
        this.libraries = b.librarySettingsStore;
        this.exports = b.exportStore;
        this.jobs = b.exportJobStore;
        this.media = b.mediaStore;
        this.limiter = limiter;
        this.listener = b.eventListener;
        this.signer = new Signer(b.signingKeys, settings.clockSkew());
        this.sealer = new TokenSealer(b.sealingKeys);
        this.passwords = new PasswordChecker(settings.bcryptCost(), settings.passwordCheckConcurrency(),
                settings.passwordCheckQueue(), settings.passwordCheckMaxWait());
        this.links = new ShareLinks(settings.publicBaseUrl(), settings.pathPrefix());
        this.playback = new PlaybackRule(this);
    }

    /** Now, to the millisecond the stores keep. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Takes one token from a limit's bucket, or refuses the request. */
    void consume(String key, RateLimit limit, RateLimitedException.Scope scope) {
        RateLimitDecision decision = limiter.tryAcquire(key, limit);
        if (!decision.allowed()) {
            throw new RateLimitedException(scope, decision.retryAfter());
        }
    }

    Role requireLibraryRole(Principal principal, String libraryId, Role min, String action) {
        Objects.requireNonNull(libraryId, "libraryId");
        return requireRole(principal, libraryId, min, action, () -> new NotFoundException("library not found: " + libraryId));
    }

    /** The principal's role in the library, at least {@code min}; non-members get {@code notFound}. */
    Role requireRole(Principal principal, String libraryId, Role min, String action,
                     Supplier<? extends NotFoundException> notFound) {
        Objects.requireNonNull(principal, "principal");
        Role role = access.roleOf(principal, libraryId).orElseThrow(notFound);
        if (!role.includes(min)) {
            throw new AccessDeniedException(principal.id() + " is " + role + " in library " + libraryId
                    + "; " + min + " or above may " + action);
        }
        return role;
    }

    /** The library of a target the principal may act on, or {@link TargetNotFoundException}. */
    String libraryFor(Principal principal, Target target, Role min, String action) {
        Objects.requireNonNull(target, "target");
        String libraryId = access.libraryOf(target).orElseThrow(() -> new TargetNotFoundException(target));
        requireRole(principal, libraryId, min, action, () -> new TargetNotFoundException(target));
        return libraryId;
    }

    /** Hands an event to the host's listener; a failing listener is logged, never the caller's problem. */
    void publish(SharingEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            log.warn("sharing event listener failed on {}", event.getClass().getSimpleName(), e);
        }
    }
}
