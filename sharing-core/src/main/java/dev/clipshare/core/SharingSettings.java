package dev.clipshare.core;

import java.net.URI;
import java.time.Duration;

/**
 * The validated, immutable settings of a {@link Sharing} instance, as built by
 * {@link Sharing.Builder}. Modules built on the facade (the servlet filter, the export runner)
 * read their shared settings from here so they are configured once.
 *
 * <p>Built only by the builder (no positional constructor), read through its accessors.
 */
public final class SharingSettings {
    private final LinksPerTarget linksPerTarget;
    private final int lockoutFailures;
    private final Duration lockoutDuration;
    private final ViewerLimits viewerLimits;
    private final Duration grantLifetime;
    private final Duration streamUrlLifetime;
    private final Duration downloadUrlLifetime;
    private final Duration clockSkew;
    private final int bcryptCost;
    private final int passwordCheckConcurrency;
    private final int passwordCheckQueue;
    private final Duration passwordCheckMaxWait;
    private final URI publicBaseUrl;
    private final String pathPrefix;
    private final Duration exportLease;
    private final int exportMaxAttempts;
    private final LinkPreviewCrawlers crawlers;

    SharingSettings(Sharing.Builder b) {
        this.linksPerTarget = b.linksPerTarget;
        this.lockoutFailures = b.lockoutFailures;
        this.lockoutDuration = b.lockoutDuration;
        this.viewerLimits = b.viewerLimits;
        this.grantLifetime = b.grantLifetime;
        this.streamUrlLifetime = b.streamUrlLifetime;
        this.downloadUrlLifetime = b.downloadUrlLifetime;
        this.clockSkew = b.clockSkew;
        this.bcryptCost = b.bcryptCost;
        this.passwordCheckConcurrency = b.passwordCheckConcurrency;
        this.passwordCheckQueue = b.passwordCheckQueue;
        this.passwordCheckMaxWait = b.passwordCheckMaxWait;
        this.publicBaseUrl = b.publicBaseUrl;
        this.pathPrefix = b.pathPrefix;
        this.exportLease = b.exportLease;
        this.exportMaxAttempts = b.exportMaxAttempts;
        this.crawlers = b.crawlers;
    }

    /** MULTIPLE or ONE_PER_VISIBILITY. */
    public LinksPerTarget linksPerTarget() {
        return linksPerTarget;
    }

    /** Wrong passwords that lock a share. */
    public int lockoutFailures() {
        return lockoutFailures;
    }

    /** How long the lock lasts. */
    public Duration lockoutDuration() {
        return lockoutDuration;
    }

    /** The limits on viewers. */
    public ViewerLimits viewerLimits() {
        return viewerLimits;
    }

    /** How long a grant lasts. */
    public Duration grantLifetime() {
        return grantLifetime;
    }

    /** How long a signed stream URL lasts. */
    public Duration streamUrlLifetime() {
        return streamUrlLifetime;
    }

    /** How long a signed download URL lasts. */
    public Duration downloadUrlLifetime() {
        return downloadUrlLifetime;
    }

    /** Tolerance when checking expiries signed by other nodes. */
    public Duration clockSkew() {
        return clockSkew;
    }

    /** Bcrypt work factor for new passwords. */
    public int bcryptCost() {
        return bcryptCost;
    }

    /** Bcrypt checks allowed at once. */
    public int passwordCheckConcurrency() {
        return passwordCheckConcurrency;
    }

    /** Checks allowed to wait for a slot. */
    public int passwordCheckQueue() {
        return passwordCheckQueue;
    }

    /** How long one may wait. */
    public Duration passwordCheckMaxWait() {
        return passwordCheckMaxWait;
    }

    /** The origin links are built on, e.g. {@code https://video.example.com}. */
    public URI publicBaseUrl() {
        return publicBaseUrl;
    }

    /** Where the share pages live, e.g. {@code /s}. */
    public String pathPrefix() {
        return pathPrefix;
    }

    /** How long a claimed export job stays with its worker without a heartbeat. */
    public Duration exportLease() {
        return exportLease;
    }

    /** Attempts per export before it fails for good. */
    public int exportMaxAttempts() {
        return exportMaxAttempts;
    }

    /** User agents not counted as views. */
    public LinkPreviewCrawlers crawlers() {
        return crawlers;
    }
}
