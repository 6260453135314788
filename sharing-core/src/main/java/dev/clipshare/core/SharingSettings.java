package dev.clipshare.core;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
    private final Duration reexportGrace;
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

    /** @throws IllegalStateException naming every missing required part, or settings that do not fit together */
    SharingSettings(Sharing.Builder b) {
        List<String> missing = new ArrayList<>();
        if (b.accessPolicy == null) missing.add("accessPolicy");
        if (b.shareStore == null) missing.add("shareStore");
        if (b.viewerStore == null) missing.add("viewerStore");
        if (b.librarySettingsStore == null) missing.add("librarySettingsStore");
        if (b.exportStore == null) missing.add("exportStore");
        if (b.exportJobStore == null) missing.add("exportJobStore");
        if (b.mediaStore == null) missing.add("mediaStore");
        if (b.signingKeys.isEmpty()) missing.add("signingKeys");
        if (b.sealingKeys.isEmpty()) missing.add("sealingKeys");
        if (b.publicBaseUrl == null) missing.add("publicBaseUrl");
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Sharing needs " + String.join(", ", missing));
        }
        if (b.downloadUrlLifetime.compareTo(b.streamUrlLifetime) > 0) {
            throw new IllegalStateException("download URL lifetime (" + b.downloadUrlLifetime
                    + ") must not exceed the stream URL lifetime (" + b.streamUrlLifetime + ")");
        }
        this.linksPerTarget = b.linksPerTarget;
        this.lockoutFailures = b.lockoutFailures;
        this.lockoutDuration = b.lockoutDuration;
        this.viewerLimits = b.viewerLimits;
        this.grantLifetime = b.grantLifetime;
        this.streamUrlLifetime = b.streamUrlLifetime;
        this.reexportGrace = b.reexportGrace;
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

    /**
     * How long a superseded export version stays reachable after its successor completed: URLs
     * naming it (a page's {@code ?v=N}, a signed stream URL) fall back or stop at its end, and
     * the export runner deletes its media then.
     */
    public Duration reexportGrace() {
        return reexportGrace;
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
