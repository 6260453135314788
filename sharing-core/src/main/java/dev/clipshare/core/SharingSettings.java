package dev.clipshare.core;

import java.net.URI;
import java.time.Duration;

/**
 * The validated, immutable settings of a {@link Sharing} instance, as built by
 * {@link Sharing.Builder}. Modules built on the facade (the servlet filter, the export runner)
 * read their shared settings from here so they are configured once.
 *
 * @param linksPerTarget           MULTIPLE or ONE_PER_VISIBILITY
 * @param lockoutFailures          wrong passwords that lock a share
 * @param lockoutDuration          how long the lock lasts
 * @param globalRateLimit          viewer requests for the whole service
 * @param tokenRateLimit           viewer requests per token
 * @param passwordFailureRateLimit password attempts per token
 * @param grantLifetime            how long a grant lasts
 * @param streamUrlLifetime        how long a signed stream URL lasts
 * @param downloadUrlLifetime      how long a signed download URL lasts
 * @param clockSkew                tolerance when checking expiries signed by other nodes
 * @param bcryptCost               bcrypt work factor for new passwords
 * @param passwordCheckConcurrency bcrypt checks allowed at once
 * @param passwordCheckQueue       checks allowed to wait for a slot
 * @param passwordCheckMaxWait     how long one may wait
 * @param publicBaseUrl            the origin links are built on, e.g. {@code https://video.example.com}
 * @param pathPrefix               where the share pages live, e.g. {@code /s}
 * @param exportLease              how long a claimed export job stays with its worker without a heartbeat
 * @param exportMaxAttempts        attempts per export before it fails for good
 * @param crawlers                 user agents not counted as views
 */
public record SharingSettings(
        LinksPerTarget linksPerTarget,
        int lockoutFailures,
        Duration lockoutDuration,
        RateLimit globalRateLimit,
        RateLimit tokenRateLimit,
        RateLimit passwordFailureRateLimit,
        Duration grantLifetime,
        Duration streamUrlLifetime,
        Duration downloadUrlLifetime,
        Duration clockSkew,
        int bcryptCost,
        int passwordCheckConcurrency,
        int passwordCheckQueue,
        Duration passwordCheckMaxWait,
        URI publicBaseUrl,
        String pathPrefix,
        Duration exportLease,
        int exportMaxAttempts,
        LinkPreviewCrawlers crawlers) {
}
