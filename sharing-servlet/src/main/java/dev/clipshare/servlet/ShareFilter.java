package dev.clipshare.servlet;

import dev.clipshare.core.Sharing;
import dev.clipshare.servlet.internal.viewer.ClientAddresses;
import dev.clipshare.servlet.internal.viewer.CountingResponse;
import dev.clipshare.servlet.internal.viewer.Viewer;
import dev.clipshare.servlet.internal.viewer.ViewerPath;
import dev.clipshare.servlet.internal.viewer.ViewerSettings;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The viewer side of Clipshare as one Jakarta Servlet 6 filter: what a person who receives a
 * share link sees. It answers every request under the share prefix
 * ({@link dev.clipshare.core.SharingSettings#pathPrefix()}, {@code /s} by default) and passes
 * everything else down the chain untouched:
 *
 * <pre>
 * GET  /s/{token}                 the share page (player, title, description; ?s=SECONDS, ?layout=minimal),
 *                                 or the password form, processing, expired, locked, failed and not-found pages
 * POST /s/{token}/unlock          the password form (CSRF-protected); 303 back to the page with a grant cookie
 * GET  /s/{token}/status          JSON: the link's state for hosts that render their own page (see below)
 * POST /s/{token}/view            JSON: the same answer, counting a view when it is "ok" (crawlers excepted)
 * POST /s/{token}/grant           JSON: {"password": ...} in, a grant token out (see below)
 * GET  /s/{token}/clip.mp4        the MP4 with RFC 9110 ranges, conditionals and HEAD, streamed in constant memory
 * GET  /s/{token}/hls/index.m3u8  HLS playlist (segment URLs signed for private and password-protected shares) and segments
 * GET  /s/{token}/thumbnail.jpg   the thumbnail
 * GET  /s/{token}/download        the MP4 as an attachment, when downloads are allowed (via a 5-minute signed URL)
 * GET  /s/oembed?url=...          oEmbed (type video) for public, password-less, ready shares
 * GET  /s/assets/...              the page's style sheet, player script, hls.js and card image
 * </pre>
 *
 * <p><b>For hosts that render their own share page</b> (a single-page app, a mobile app), the two
 * JSON endpoints offer the page's decisions without its HTML, with the same rules and limits:
 * <pre>
 * GET  /s/{token}/status   404 {"status":"missing"}: one answer, byte for byte, for never-issued, revoked,
 *                              deleted, private-to-a-non-member and malformed tokens (like the 404 page);
 *                          200 {"status": "sign_in_required" (+ login_url) | "expired" | "requires_password"
 *                              | "locked" (+ retry_after seconds, locked_until) | "processing" | "failed"
 *                              | "ok" (+ title, description, duration_ms, width, height, thumbnail_url,
 *                              mp4_url, hls_url, download_url, media_expires_at)};
 *                          429 {"status":"rate_limited","retry_after":N} with Retry-After (the page's limits)
 * POST /s/{token}/grant    Content-Type: application/json (anything else: 415; the CSRF guard), body at
 *                          most {@link Builder#unlockBodyLimit 4 KiB} (413): {"password": "..."} or {};
 *                          200 {"ok":true,"grant_token":"...","expires_at":"..."}, or
 *                          {"ok":false,"reason":...}: 403 password_required | wrong_password | sign_in_required,
 *                          404 missing, 410 expired, 429 locked | rate_limited (with Retry-After), 503 busy
 * </pre>
 * The grant token then opens a password-protected link's media, HLS, thumbnail and download URLs
 * as {@code Authorization: Bearer <grant_token>} or {@code ?grant=<grant_token>} (as well as the
 * grant cookie of the HTML form; a private link's media open with the member's session or the
 * signed URLs of the {@code ok} answer); an HLS playlist opened that way lists segment URLs that carry a stream
 * signature, so a player needs neither on the segments. The host checks the same token on its own
 * endpoints (comments, annotations) with {@link Sharing#verifyGrant}. A grant lasts 24 hours and
 * dies earlier when the link is revoked, deleted, expires or gets a new password. The {@code ok}
 * answer's media URLs work without headers: public, password-less links' carry the export
 * version, others' a stream signature valid until {@code media_expires_at}. Status checks are
 * rate limited like pages but are not counted as views. Why these status codes: {@code missing}
 * is a 404 like the not-found page it mirrors (to the viewer the link names nothing, and logs and
 * monitors see what they see for the page), while every other state is a 200 because the question
 * about the link was answered and the state is data to render; only refusals of the request itself
 * (rate limits, a failing store: 503 {@code unavailable}) are errors. A private link's signed-out
 * visitor gets {@code sign_in_required} with the host's {@link HttpAccessPolicy#loginUrl}, or
 * {@code missing} when the host has none (as the page answers 404 then).
 *
 * <p>Every request asks {@link Sharing#resolve} again, so a revoke stops playback at the next range
 * request. Pages are never cached and carry {@code Referrer-Policy: no-referrer},
 * {@code X-Robots-Tag: noindex, nofollow}, {@code X-Content-Type-Options: nosniff} and a CSP with
 * {@code frame-ancestors 'none'}, except the embed layout of a public, password-less share, which
 * the {@linkplain Builder#embedAllowedOrigins configured origins} may frame. Paths are parsed raw:
 * encoded slashes, dot segments, {@code ;} parameters, backslashes and control characters get 400.
 * Absolute URLs in link cards come from {@link Sharing#links()} (the configured public base URL),
 * never from request headers. A store failure answers 503 with a plain page.
 *
 * <pre>{@code
 * ShareFilter filter = ShareFilter.builder(sharing, policy)      // the same HttpAccessPolicy the Sharing uses
 *         .trustedProxies("10.0.0.0/8")                          // read X-Forwarded-For only from these
 *         .embedAllowedOrigins("https://intranet.example.com")   // who may frame ?layout=minimal
 *         .templateDirectory(Path.of("/etc/myapp/clipshare"))    // optional page overrides
 *         .build();
 * servletContext.addFilter("clipshare", filter).addMappingForUrlPatterns(null, false, "/*");
 * }</pre>
 *
 * <p>With {@link Builder#managementApi(String)} the same filter also answers the JSON management
 * API ({@link ShareApi}), so a host registers one filter for everything Clipshare serves.
 *
 * <p><b>Thread-safety.</b> Immutable once built; one instance serves all requests concurrently.
 * {@link #init} and {@link #destroy} do nothing, so the same instance can be registered
 * programmatically with any container.
 */
public final class ShareFilter implements Filter {
    private final Builder origin;
    private final Viewer viewer;
    private final String prefix;
    private final ShareApi api;
    private final ViewerObserver observer;

    private ShareFilter(Builder b, ViewerSettings settings) {
        this.origin = b.copy();
        this.viewer = new Viewer(b.sharing, b.policy, settings);
        this.prefix = b.sharing.settings().pathPrefix();
        this.api = b.api;
        this.observer = b.observer;
    }

    /**
     * Starts a filter for this facade and the host's policy (pass the same policy to
     * {@code Sharing.builder().accessPolicy(...)}).
     */
    public static Builder builder(Sharing sharing, HttpAccessPolicy accessPolicy) {
        return new Builder(sharing, accessPolicy);
    }

    /** A builder preset with this filter's configuration, for a variant. */
    public Builder newBuilder() {
        return origin.copy();
    }

    /** The path prefix this filter answers under, e.g. {@code /s}. */
    public String pathPrefix() {
        return prefix;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse res)) {
            chain.doFilter(request, response);
            return;
        }
        String raw = contextRelativeRawPath(req);
        if (ViewerPath.isUnder(raw, prefix) || normalisedUnder(req)) {
            if (observer == ViewerObserver.NONE) {
                viewer.handle(req, res, raw);
                return;
            }
            CountingResponse counted = new CountingResponse(res);
            try {
                viewer.handle(req, counted, raw);
            } finally {
                observe(req, res.getStatus(), counted.bytesWritten());
            }
            return;
        }
        if (api != null && api.handle(req, res)) {
            return;
        }
        chain.doFilter(request, response);
    }

    private void observe(HttpServletRequest req, int status, long bytes) {
        try {
            observer.onResponse(req, status, bytes);
        } catch (RuntimeException e) {
            // an observer's failure must not change the answer (see ViewerObserver)
        }
    }

    /** The request path as sent (undecoded), without the context path; {@code null} when they disagree. */
    private static String contextRelativeRawPath(HttpServletRequest req) {
        String uri = req.getRequestURI();
        String ctx = req.getContextPath() == null ? "" : req.getContextPath();
        return uri != null && uri.startsWith(ctx) ? uri.substring(ctx.length()) : null;
    }

    /**
     * Whether the container's decoded, normalised view of the path is under the prefix: such a
     * request is ours even when its raw form hides that (and is then refused as malformed).
     */
    private boolean normalisedUnder(HttpServletRequest req) {
        try {
            String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
            return path.equals(prefix) || path.startsWith(prefix + "/");
        } catch (RuntimeException e) {
            return false; // a container refusing to decode an ambiguous path answers it itself
        }
    }

    /**
     * Builds a {@link ShareFilter}. Setters check their arguments at once; not thread-safe.
     * Defaults: built-in templates, no trusted proxies, embed layout framable by any HTTPS
     * origin, a 4 KiB limit on unlock and grant bodies, site name "Clipshare", HLS for clips of
     * two minutes or more, public media revalidated on every use.
     */
    public static final class Builder {
        private static final Pattern ORIGIN = Pattern.compile(
                "'self'|\\*|https?:|https?://(\\*\\.)?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*(:(\\d{1,5}|\\*))?");
        private static final int MAX_UNLOCK_BODY = 4096;

        private final Sharing sharing;
        private final HttpAccessPolicy policy;
        private ShareApi api;
        private Path templateDirectory;
        private ClassLoader templateLoader;
        private String templatePrefix;
        private List<String> trustedProxies = List.of();
        private List<String> embedOrigins = List.of("https:");
        private int unlockBodyLimit = MAX_UNLOCK_BODY;
        private String siteName = "Clipshare";
        private Duration hlsFromDuration = Duration.ofMinutes(2);
        private Duration mediaCacheMaxAge = Duration.ZERO;
        private Duration mediaRedirectTtl;
        private ViewerObserver observer = ViewerObserver.NONE;
        private String twitterSite;

        private Builder(Sharing sharing, HttpAccessPolicy policy) {
            this.sharing = Objects.requireNonNull(sharing, "sharing");
            this.policy = Objects.requireNonNull(policy, "accessPolicy");
        }

        private Builder copy() {
            Builder b = new Builder(sharing, policy);
            b.templateDirectory = templateDirectory;
            b.templateLoader = templateLoader;
            b.templatePrefix = templatePrefix;
            b.trustedProxies = trustedProxies;
            b.embedOrigins = embedOrigins;
            b.unlockBodyLimit = unlockBodyLimit;
            b.siteName = siteName;
            b.hlsFromDuration = hlsFromDuration;
            b.mediaCacheMaxAge = mediaCacheMaxAge;
            b.twitterSite = twitterSite;
            b.api = api;
            b.observer = observer;
            return b;
        }

        /**
         * A folder whose Mustache files replace the built-in templates of the same name
         * ({@code share.mustache}, {@code password.mustache}, {@code notice.mustache}, and the
         * partials {@code head.mustache} and {@code foot.mustache}); files it lacks fall back to
         * the built-in ones.
         */
        public Builder templateDirectory(Path directory) {
            Objects.requireNonNull(directory, "templateDirectory");
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException("template directory does not exist: " + directory);
            }
            this.templateDirectory = directory;
            return this;
        }

        /** Like {@link #templateDirectory}, from a class-path folder such as {@code myapp/clipshare/}. */
        public Builder templateClasspath(ClassLoader loader, String folder) {
            Objects.requireNonNull(loader, "loader");
            Objects.requireNonNull(folder, "folder");
            String f = folder.startsWith("/") ? folder.substring(1) : folder;
            this.templateLoader = loader;
            this.templatePrefix = f.isEmpty() || f.endsWith("/") ? f : f + "/";
            return this;
        }

        /**
         * The reverse proxies whose {@code X-Forwarded-For} is believed, as IP addresses or CIDR
         * blocks ({@code 10.0.0.0/8}, {@code ::1}). Without any, the client address is the
         * connection's peer and the header is ignored.
         */
        public Builder trustedProxies(Collection<String> proxies) {
            Objects.requireNonNull(proxies, "trustedProxies");
            List<String> list = List.copyOf(proxies);
            ClientAddresses.trusting(list); // validates
            this.trustedProxies = list;
            return this;
        }

        public Builder trustedProxies(String... proxies) {
            return trustedProxies(Arrays.asList(Objects.requireNonNull(proxies, "trustedProxies")));
        }

        /**
         * Who may frame the embed layout ({@code ?layout=minimal}) of a public, password-less
         * share: CSP {@code frame-ancestors} sources such as {@code https://example.com},
         * {@code https://*.example.com}, {@code 'self'}, {@code https:} (the default: any HTTPS
         * site) or {@code *}. No origins at all makes every page unframable.
         */
        public Builder embedAllowedOrigins(Collection<String> origins) {
            Objects.requireNonNull(origins, "embedAllowedOrigins");
            List<String> list = new ArrayList<>();
            for (String o : origins) {
                if (o == null || !ORIGIN.matcher(o).matches()) {
                    throw new IllegalArgumentException("embed origin must look like https://example.com, https://*.example.com, "
                            + "'self', https: or *, was '" + o + "'");
                }
                list.add(o);
            }
            this.embedOrigins = List.copyOf(list);
            return this;
        }

        public Builder embedAllowedOrigins(String... origins) {
            return embedAllowedOrigins(Arrays.asList(Objects.requireNonNull(origins, "embedAllowedOrigins")));
        }

        /**
         * Most bytes read from an unlock form or a JSON grant request; 256..4096, default 4096.
         * Longer bodies get 413 unread.
         */
        public Builder unlockBodyLimit(int bytes) {
            if (bytes < 256 || bytes > MAX_UNLOCK_BODY) {
                throw new IllegalArgumentException("unlock body limit must be 256.." + MAX_UNLOCK_BODY + " bytes, was " + bytes);
            }
            this.unlockBodyLimit = bytes;
            return this;
        }

        /** The name shown in page titles, neutral link cards and oEmbed's provider; default "Clipshare". */
        public Builder siteName(String name) {
            Objects.requireNonNull(name, "siteName");
            if (name.isBlank() || name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("site name must be 1..100 printable characters, was '" + name + "'");
            }
            this.siteName = name.strip();
            return this;
        }

        /**
         * The site's X account, {@code @name} (1 to 15 letters, digits or underscores), written as
         * {@code twitter:site} into every link card. X shows a ready clip's player card only when
         * the card names the site's account; without it (the default) X falls back to a summary.
         */
        public Builder twitterSite(String account) {
            Objects.requireNonNull(account, "twitterSite");
            if (!account.matches("@[A-Za-z0-9_]{1,15}")) {
                throw new IllegalArgumentException("twitterSite must be an X account like @clipshare, was '" + account + "'");
            }
            this.twitterSite = account;
            return this;
        }

        /**
         * Clips at least this long play through HLS (hls.js, or the browser's own) when their
         * export has a playlist; shorter ones play the MP4 directly. Default two minutes;
         * {@link Duration#ZERO} always prefers HLS. A page URL can force either with
         * {@code ?player=hls} or {@code ?player=mp4}.
         */
        public Builder hlsFromDuration(Duration duration) {
            Objects.requireNonNull(duration, "hlsFromDuration");
            if (duration.isNegative()) {
                throw new IllegalArgumentException("hlsFromDuration must not be negative, was " + duration);
            }
            this.hlsFromDuration = duration;
            return this;
        }

        /**
         * How long shared caches (a CDN) may serve the media of public, password-less shares
         * without asking again; at most a day. Default zero: every use is revalidated, so a revoke
         * is felt at once. A positive value trades that for CDN offload: a revoked link's media
         * may then play from a cache for up to this long. Private and password-protected media are
         * never stored by shared caches.
         */
        public Builder mediaCacheMaxAge(Duration maxAge) {
            Objects.requireNonNull(maxAge, "mediaCacheMaxAge");
            if (maxAge.isNegative() || maxAge.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("mediaCacheMaxAge must be 0..1 day, was " + maxAge);
            }
            this.mediaCacheMaxAge = maxAge;
            return this;
        }

        /**
         * Redirect mode: a media or download request that passes every check is answered with a
         * 302 to a short-lived presigned URL of the media store ({@link dev.clipshare.core.spi.PresignedMedia},
         * e.g. sharing-s3's store), so the bytes come from the object store or its CDN, not from
         * this node. HLS playlists are still served here (their segment URLs are rewritten).
         * Off by default; stores that cannot presign are streamed as usual.
         *
         * <p><b>Revocation window.</b> A presigned URL keeps working until it expires, even after
         * the link is revoked or its password changes: a viewer who received one may go on
         * fetching (ranges of) that artifact for up to {@code ttl}. Streaming re-checks the share
         * on every request. Keep {@code ttl} short: players ask this filter again for each new
         * request and get a fresh URL. 1 second to 15 minutes.
         */
        public Builder mediaRedirects(Duration ttl) {
            Objects.requireNonNull(ttl, "mediaRedirects");
            if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(dev.clipshare.core.spi.PresignedMedia.MAX_TTL) > 0) {
                throw new IllegalArgumentException("mediaRedirects must be 1 s..15 min, was " + ttl);
            }
            this.mediaRedirectTtl = ttl;
            return this;
        }

        /**
         * Hears the status and body size of every viewer answer, for metrics (media bytes, 429
         * and 503 answers); default {@link ViewerObserver#NONE}, which leaves responses unwrapped.
         */
        public Builder viewerObserver(ViewerObserver observer) {
            this.observer = Objects.requireNonNull(observer, "viewerObserver");
            return this;
        }

        /**
         * Also answers the JSON management API from this filter, at {@code basePath} (e.g.
         * {@code /api}), with {@link ShareApi}'s defaults; one registration then serves pages,
         * media and the API.
         */
        public Builder managementApi(String basePath) {
            return managementApi(ShareApi.builder(sharing, policy).basePath(basePath).build());
        }

        /** Also answers the given management API from this filter (built for the same facade). */
        public Builder managementApi(ShareApi api) {
            this.api = Objects.requireNonNull(api, "api");
            return this;
        }

        /**
         * Builds the filter, compiling every template (so a broken override fails here) and
         * loading the page assets.
         *
         * @throws IllegalStateException when the management API's base path overlaps the share prefix
         */
        public ShareFilter build() {
            if (api != null) {
                String prefix = sharing.settings().pathPrefix();
                String base = api.basePath();
                if (base.equals(prefix) || base.startsWith(prefix + "/") || prefix.startsWith(base + "/")) {
                    throw new IllegalStateException("the management API at " + base + " overlaps the share pages at " + prefix);
                }
            }
            ViewerSettings settings = new ViewerSettings(templateDirectory, templateLoader, templatePrefix,
                    trustedProxies.isEmpty() ? ClientAddresses.none() : ClientAddresses.trusting(trustedProxies),
                    embedOrigins, unlockBodyLimit, siteName, hlsFromDuration, mediaCacheMaxAge, mediaRedirectTtl, twitterSite);
            return new ShareFilter(this, settings);
        }
    }
}
