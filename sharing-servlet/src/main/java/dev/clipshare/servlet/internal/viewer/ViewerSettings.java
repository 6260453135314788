package dev.clipshare.servlet.internal.viewer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The filter's validated settings, as built by {@code ShareFilter.Builder}.
 *
 * @param templateDirectory   host folder with template replacements, or {@code null}
 * @param templateLoader      class loader for {@code templatePrefix}, or {@code null}
 * @param templatePrefix      class-path folder with template replacements, or {@code null}
 * @param clientAddresses     trusted proxies
 * @param embedOrigins        the {@code frame-ancestors} sources for the embed layout of public shares
 * @param unlockBodyLimit     most bytes read from an unlock form or a JSON grant request
 * @param siteName            shown in page titles and cards
 * @param hlsFromDuration     clips at least this long play through HLS when the export has it
 * @param mediaCacheMaxAge    how long shared caches may keep public media without asking again (zero: always ask)
 * @param twitterSite         the site's X account ({@code @name}) for {@code twitter:site}, or {@code null}
 */
public record ViewerSettings(Path templateDirectory, ClassLoader templateLoader, String templatePrefix,
                             ClientAddresses clientAddresses, List<String> embedOrigins, int unlockBodyLimit,
                             String siteName, Duration hlsFromDuration, Duration mediaCacheMaxAge,
                             Duration mediaRedirectTtl, String twitterSite) {
    public ViewerSettings {
        embedOrigins = List.copyOf(embedOrigins);
    }
}
