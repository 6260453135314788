package dev.clipshare.servlet.internal.viewer;

import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.Grant;
import dev.clipshare.core.Playback;
import dev.clipshare.core.PasswordLockedException;
import dev.clipshare.core.Principal;
import dev.clipshare.core.RateLimitedException;
import dev.clipshare.core.RetryLaterException;
import dev.clipshare.core.ServiceBusyException;
import dev.clipshare.core.Share;
import dev.clipshare.core.ShareAccess;
import dev.clipshare.core.ShareExpiredException;
import dev.clipshare.core.ShareNotFoundException;
import dev.clipshare.core.Sharing;
import dev.clipshare.core.SignInRequiredException;
import dev.clipshare.core.UnlockRequest;
import dev.clipshare.core.ViewRequest;
import dev.clipshare.core.Visibility;
import dev.clipshare.core.WrongPasswordException;
import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.servlet.HttpAccessPolicy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request under the share prefix: pages, the unlock form, the JSON status and grant
 * endpoints ({@link ViewerJson}), media, HLS, the download, oEmbed and the static assets. Each
 * request asks {@link Sharing#resolve} afresh, so a revoke, a password change or an expiry takes
 * effect on the next request, media ranges included. Media, HLS, thumbnail and download requests
 * take the viewer's grant from {@code ?grant=}, {@code Authorization: Bearer} or the grant cookie
 * ({@link Grants}). Immutable and thread-safe.
 */
public final class Viewer {
    private static final Logger log = LoggerFactory.getLogger(Viewer.class);

    private static final String HTML = "text/html;charset=utf-8";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final Sharing sharing;
    private final HttpAccessPolicy policy;
    private final ViewerSettings settings;
    private final Templates templates;
    private final Assets assets;
    private final ViewerJson json;
    private final String prefix;
    private final byte[] notFoundPage;
    private final Responses out;
    private final MediaRoutes mediaRoutes;
    private final OEmbed oembed;
    private final LinkCards cards;

    public Viewer(Sharing sharing, HttpAccessPolicy policy, ViewerSettings settings) {
        this.sharing = sharing;
        this.policy = policy;
        this.settings = settings;
        this.prefix = sharing.settings().pathPrefix();
        this.templates = new Templates(settings.templateDirectory(), settings.templateLoader(), settings.templatePrefix());
        this.assets = Assets.load();
        this.json = new ViewerJson(sharing, policy, settings);
        this.out = new Responses(settings.embedOrigins().isEmpty() ? "'none'" : String.join(" ", settings.embedOrigins()));
        this.mediaRoutes = new MediaRoutes(sharing, policy, settings, out);
        this.oembed = new OEmbed(sharing, settings, prefix, out);
        this.cards = new LinkCards(sharing, settings, sharing.links().baseUrl() + assets.path(prefix, Assets.CARD));
        // rendered once: the one answer for every token that opens nothing, whatever the cause
        Map<String, Object> m = base("", false, "Link not found");
        m.put("kind", "not-found");
        m.put("heading", "This link does not exist");
        m.put("message", "The link may be mistyped, or it is no longer available.");
        this.notFoundPage = templates.render("notice.mustache", m);
    }

    /** The path prefix this viewer answers under. */
    public String prefix() {
        return prefix;
    }

    // ------------------------------------------------------------------ dispatch

    /** Answers a request whose raw, context-relative path is under the prefix. */
    public void handle(HttpServletRequest req, HttpServletResponse res, String rawPath) throws IOException {
        String ctx = req.getContextPath() == null ? "" : req.getContextPath();
        ViewerPath path = ViewerPath.parse(rawPath, prefix);
        Exchange x = new Exchange(req, res, ctx, ctx + prefix, path.token());
        try {
            switch (path.kind()) {
                case BAD_REQUEST -> out.plain(x, 400, "Bad request\n");
                case NOT_FOUND -> notFound(x);
                case MEDIA_NOT_FOUND -> out.mediaNotFound(x);
                case ASSET -> asset(x, path.name());
                case OEMBED -> oembed.answer(x);
                case PAGE -> page(x);
                case UNLOCK -> unlock(x);
                case STATUS -> json.status(req, res, path.token(), x.pagePath());
                case VIEW -> json.view(req, res, path.token(), x.pagePath());
                case GRANT -> json.grant(req, res, path.token(), x.pagePath());
                case CLIP -> mediaRoutes.media(x, MediaKey.CLIP);
                case THUMBNAIL -> mediaRoutes.media(x, MediaKey.THUMBNAIL);
                case HLS -> mediaRoutes.media(x, "hls/" + path.name());
                case DOWNLOAD -> mediaRoutes.download(x);
            }
        } catch (RateLimitedException e) {
            retryLater(x, 429, e, "Too many requests", "This link is being opened too often. Please try again shortly.");
        } catch (ServiceBusyException e) {
            retryLater(x, 503, e, "Busy", "Too many people are trying passwords right now. Please try again shortly.");
        } catch (IOException e) {
            if (!res.isCommitted()) {
                log.warn("viewer request failed before answering", e);
                out.unavailable(x);
            } else {
                log.debug("viewer response aborted (client went away?): {}", e.toString());
            }
        } catch (RuntimeException e) {
            log.error("viewer request failed: {} {}", req.getMethod(), path.kind(), e);
            if (!res.isCommitted()) {
                out.unavailable(x);
            } else {
                throw e; // mid-stream: let the container abort the connection rather than end the body cleanly
            }
        }
    }

    // ------------------------------------------------------------------ pages

    private void page(Exchange x) throws IOException {
        if (!x.getOrHead()) {
            out.methodNotAllowed(x, "GET, HEAD");
            return;
        }
        Query q = x.query();
        Principal viewer = policy.principal(x.req()).orElse(null);
        String grant = Cookies.readGrant(x.req(), x.token());
        // HEAD is what crawlers probe with: answer like GET, but it is no view
        ViewRequest.Purpose purpose = x.head() ? ViewRequest.Purpose.STATUS : ViewRequest.Purpose.PAGE;
        ShareAccess access = sharing.resolve(new ViewRequest(x.token(), viewer, grant, null, x.userAgent(), purpose)
                .withClient(clientAddress(x.req())));
        switch (access.state()) {
            case MISSING -> notFound(x);
            case SIGN_IN_REQUIRED -> {
                if (sharing.isLinkPreviewCrawler(x.userAgent()) && policy.loginUrl(x.pagePath()).isPresent()) {
                    // a chat app's unfurler is never signed in: it gets the neutral card (nothing of
                    // the share) where a person is sent to sign in; both tell only that the link exists
                    notice(x, 200, null, "sign-in", "Sign in to watch",
                            "This clip is shared with the members of a library.", null, true);
                } else {
                    signIn(x, q);
                }
            }
            case EXPIRED -> notice(x, 410, null, "expired", "This link has expired",
                    "Ask the person who shared it for a new one.", null);
            case PASSWORD_REQUIRED -> passwordForm(x, ((ShareAccess.PasswordRequired) access).share(), q, null, 200);
            case LOCKED -> {
                ShareAccess.Locked l = (ShareAccess.Locked) access;
                locked(x, l.share(), l.until(), secondsOf(l.retryAfter()));
            }
            case PROCESSING -> processing(x, (ShareAccess.Processing) access, q);
            case FAILED -> notice(x, 200, ((ShareAccess.Failed) access).share(), "failed", "This clip is not available",
                    "Preparing the clip failed. The person who shared it can export it again.", q);
            case READY -> ready(x, (ShareAccess.Ready) access, viewer, q);
        }
    }

    private void ready(Exchange x, ShareAccess.Ready r, Principal viewer, Query q) throws IOException {
        Share share = r.share();
        ExportArtifacts art = r.artifacts();
        boolean minimal = q.minimal();
        String page = x.pagePath();
        Playback playback = r.playback(); // built and signed in the core, as for the status JSON and the API
        String mp4 = playback.clip(page);
        String hls = playback.hls(page).orElse(null);
        String poster = playback.thumbnail(page);
        String start = q.start();
        if (start != null && Double.parseDouble(start) * 1000 >= art.duration().toMillis()) {
            start = null; // past the clip's end: nothing would play, so it starts from the beginning
        }
        String player = q.get("player");
        boolean preferHls = hls != null && !"mp4".equals(player)
                && ("hls".equals(player) || art.duration().compareTo(settings.hlsFromDuration()) >= 0);

        String title = share.title();
        Map<String, Object> m = base(x.prefixPath(), minimal, title != null ? title : settings.siteName());
        m.put("card", cards.card(x.token(), share, r));
        m.put("title", title);
        m.put("description", share.description());
        m.put("width", art.width());
        m.put("height", art.height());
        m.put("audio", art.isAudioOnly()); // an <audio> player under the waveform poster (templates/audio.mustache)
        m.put("poster", poster);
        m.put("mp4", mp4);
        m.put("src", preferHls ? null : mp4 + (start != null ? "#t=" + start : ""));
        m.put("js", assets.path(x.prefixPath(), Assets.PLAYER));
        if (share.allowDownload()) {
            m.put("downloadUrl", page + "/download");
        }
        if (!minimal) {
            sharedBy(share).ifPresent(s -> m.put("sharedBy", s));
        }
        if (!minimal && viewer != null && policy.roleOf(viewer, share.libraryId()).isPresent()) {
            policy.libraryUrl(share.libraryId(), share.target()).filter(Viewer::isSafeLink).ifPresent(u -> m.put("libraryUrl", u));
        }
        m.put("config", new PlayerConfig(mp4, hls, preferHls, start == null ? (Number) 0 : Double.parseDouble(start), title,
                assets.path(x.prefixPath(), Assets.HLS_JS)));
        // without signed (expiring) media URLs the model holds every input of the page, so the
        // viewers of an open link share one rendering per node; a protected link's page carries
        // URLs signed for this request and is rendered for each
        out.sendPage(x, 200, playback.signed() ? templates.render("share.mustache", m) : templates.renderShared("share.mustache", m),
                embeddable(share, minimal));
    }

    /**
     * The player's inline configuration: rendered as HTML-safe JSON ({@link #toString()}, which the
     * template writes), compared by its values, so that the page's model stays a cheap memo key.
     */
    private record PlayerConfig(String mp4, String hls, boolean preferHls, Number start, String title, String hlsJs) {
        @Override
        public String toString() {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("mp4", mp4);
            config.put("hls", hls);
            config.put("preferHls", preferHls);
            config.put("start", start);
            config.put("title", title);
            config.put("hlsJs", hlsJs);
            return HtmlSafeJson.object(config);
        }
    }

    /** "Ada · Studio", "Ada" or "Studio", from the host's policy; empty when it names neither. */
    private Optional<String> sharedBy(Share share) {
        String who = share.createdBy() == null ? null : policy.sharerName(share.createdBy()).filter(n -> !n.isBlank()).orElse(null);
        String library = policy.libraryName(share.libraryId()).filter(n -> !n.isBlank()).orElse(null);
        if (who == null && library == null) {
            return Optional.empty();
        }
        return Optional.of(who == null ? library : library == null ? who : who + " · " + library);
    }

    /** The embed layout of a public, password-less share may be framed by the configured origins. */
    private static boolean embeddable(Share share, boolean minimal) {
        return minimal && share != null && share.visibility() == Visibility.PUBLIC && !share.hasPassword();
    }

    private static boolean isSafeLink(String url) {
        return (url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\"))
                || url.startsWith("https://") || url.startsWith("http://");
    }

    private Map<String, Object> base(String prefixPath, boolean minimal, String pageTitle) {
        Map<String, Object> m = new HashMap<>();
        m.put("siteName", settings.siteName());
        m.put("pageTitle", pageTitle);
        m.put("minimal", minimal);
        m.put("css", assets.path(prefixPath.isEmpty() ? prefix : prefixPath, Assets.CSS));
        return m;
    }

    private void passwordForm(Exchange x, Share share, Query q, String error, int status) throws IOException {
        String secret = Cookies.read(x.req(), Cookies.CSRF);
        if (!Csrf.isSecret(secret)) {
            secret = Csrf.newSecret();
            x.res().addHeader("Set-Cookie", Cookies.csrf(secret));
        }
        Map<String, Object> m = base(x.prefixPath(), q.minimal(), settings.siteName());
        m.put("card", cards.card(x.token(), share, null));
        m.put("action", x.pagePath() + "/unlock");
        m.put("csrf", Csrf.field(secret, x.token()));
        m.put("start", q.start());
        m.put("error", error);
        out.sendPage(x, status, templates.render("password.mustache", m), false);
    }

    private void locked(Exchange x, Share share, Instant until, long retryAfterSeconds) throws IOException {
        x.res().setHeader("Retry-After", Long.toString(retryAfterSeconds));
        long minutes = Math.max(1, (retryAfterSeconds + 59) / 60);
        // the time is written in UTC for pages without JavaScript; page.js shows it in the viewer's own time
        notice(x, 429, share, "locked", "Too many wrong passwords",
                "This link is locked for now. Try again in " + minutes + (minutes == 1 ? " minute" : " minutes") + ".", null,
                true, Map.of("until", Map.of("iso", until.toString(), "utc", CLOCK.format(until))));
    }

    /**
     * The processing notice: the export's progress, kept current by page.js from the status JSON,
     * which also switches the page to the player once the clip is ready, without a reload.
     */
    private void processing(Exchange x, ShareAccess.Processing p, Query q) throws IOException {
        int progress = p.latest() == null ? 0 : p.latest().progress();
        notice(x, 200, p.share(), "processing", "Preparing the clip",
                "This clip is still being prepared. It starts here as soon as it is ready.", q, false,
                Map.of("progress", Map.of("value", progress, "status", x.pagePath() + "/status")));
    }

    private void notice(Exchange x, int status, Share share, String kind, String heading, String message, Query q)
            throws IOException {
        notice(x, status, share, kind, heading, message, q, false);
    }

    private void notice(Exchange x, int status, Share share, String kind, String heading, String message, Query q,
                        boolean neutralCard) throws IOException {
        notice(x, status, share, kind, heading, message, q, neutralCard, Map.of());
    }

    private void notice(Exchange x, int status, Share share, String kind, String heading, String message, Query q,
                        boolean neutralCard, Map<String, Object> more) throws IOException {
        boolean minimal = q != null && q.minimal();
        Map<String, Object> m = base(x.prefixPath(), minimal, heading);
        if (!more.isEmpty()) {
            m.putAll(more);
            m.put("pageJs", assets.path(x.prefixPath(), Assets.PAGE));
        }
        if (share != null || neutralCard) {
            m.put("card", cards.card(x.token(), share, null));
        }
        m.put("kind", kind);
        m.put("heading", heading);
        m.put("message", message);
        out.sendPage(x, status, templates.render("notice.mustache", m), embeddable(share, minimal));
    }

    private void signIn(Exchange x, Query q) throws IOException {
        String returnTo = x.pagePath() + q.pageQuery();
        Optional<String> login = policy.loginUrl(returnTo);
        if (login.isEmpty()) {
            notFound(x);
            return;
        }
        out.redirect(x, login.get());
    }

    private void notFound(Exchange x) throws IOException {
        out.sendPage(x, 404, notFoundPage, false);
    }

    // ------------------------------------------------------------------ unlock

    private void unlock(Exchange x) throws IOException {
        HttpServletRequest req = x.req();
        if (x.getOrHead()) {
            // the address bar shows .../unlock after a wrong password; opening it again leads back
            // to the page (and its password form), keeping the start time and the layout
            out.redirect(x, x.pagePath() + x.query().pageQuery());
            return;
        }
        if (!"POST".equals(req.getMethod())) {
            out.methodNotAllowed(x, "GET, HEAD, POST");
            return;
        }
        String type = req.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            out.plain(x, 415, "Unsupported media type\n");
            return;
        }
        int limit = settings.unlockBodyLimit();
        if (req.getContentLengthLong() > limit) {
            out.plain(x, 413, "Request body too large\n");
            return;
        }
        Optional<Map<String, String>> read;
        try (InputStream in = req.getInputStream()) {
            read = Forms.read(in, limit);
        }
        if (read.isEmpty()) {
            out.plain(x, 413, "Request body too large\n");
            return;
        }
        Map<String, String> form = read.get();
        Query q = Query.of(pick(form, "s", "t", "layout"));
        String secret = Cookies.read(req, Cookies.CSRF);
        if ("cross-site".equals(req.getHeader("Sec-Fetch-Site")) || !Csrf.verify(secret, form.get("csrf"), x.token())) {
            // refused before the core sees it: nothing is counted, nothing is checked
            notice(x, 403, null, "form-expired", "This form has expired",
                    "Go back to the link and enter the password again.", null);
            return;
        }
        String password = form.get("password");
        Principal viewer = policy.principal(req).orElse(null);
        String client = clientAddress(req);
        try {
            Grant grant = sharing.unlock(new UnlockRequest(x.token(), password, viewer, client));
            long maxAge = Math.min(Duration.ofHours(24).toSeconds(), grant.lifetime().toSeconds());
            x.res().addHeader("Set-Cookie", Cookies.grant(Cookies.grantName(x.token()), grant.value(), maxAge));
            out.redirect(x, x.pagePath() + q.pageQuery());
        } catch (WrongPasswordException e) {
            // the core found a live, password-protected share for this viewer: its card is the neutral one
            log.info("wrong password for a share link from {}", client);
            passwordForm(x, null, q, "That password is not right. Please try again.", 403);
        } catch (PasswordLockedException e) {
            log.info("locked share link tried from {}", client);
            locked(x, null, e.lockedUntil(), e.retryAfterSeconds());
        } catch (ShareNotFoundException e) {
            notFound(x);
        } catch (SignInRequiredException e) {
            signIn(x, q);
        } catch (ShareExpiredException e) {
            notice(x, 410, null, "expired", "This link has expired", "Ask the person who shared it for a new one.", null);
        }
    }

    private static Map<String, String> pick(Map<String, String> form, String... names) {
        Map<String, String> m = new HashMap<>();
        for (String n : names) {
            String v = form.get(n);
            if (v != null) {
                m.put(n, v);
            }
        }
        return m;
    }

    private String clientAddress(HttpServletRequest req) {
        return settings.clientAddresses().resolve(req);
    }

    // ------------------------------------------------------------------ assets

    private void asset(Exchange x, String name) throws IOException {
        if (!x.getOrHead()) {
            out.methodNotAllowed(x, "GET, HEAD");
            return;
        }
        Optional<Assets.Asset> asset = assets.get(name);
        if (asset.isEmpty()) {
            out.mediaNotFound(x);
            return;
        }
        Assets.Asset a = asset.get();
        HttpServletResponse res = x.res();
        Responses.commonHeaders(res);
        res.setHeader("ETag", a.etag());
        res.setHeader("Cache-Control", "public, max-age=86400");
        String inm = x.req().getHeader("If-None-Match");
        if (inm != null && MediaResponder.matches(inm, a.etag(), false)) {
            MediaResponder.notModified(res);
            return;
        }
        res.setStatus(200);
        res.setContentType(a.contentType());
        res.setContentLength(a.bytes().length);
        if (!x.head()) {
            res.getOutputStream().write(a.bytes());
        }
    }

    private void retryLater(Exchange x, int status, RetryLaterException e, String heading, String message) throws IOException {
        if (x.res().isCommitted()) {
            return;
        }
        x.res().reset();
        x.res().setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        notice(x, status, null, status == 429 ? "rate-limited" : "busy", heading, message, null);
    }

    private static long secondsOf(Duration d) {
        long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return Math.max(1, s);
    }
}
