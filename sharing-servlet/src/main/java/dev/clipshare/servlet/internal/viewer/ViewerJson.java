package dev.clipshare.servlet.internal.viewer;

import dev.clipshare.core.Export;
import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.Grant;
import dev.clipshare.core.PasswordLockedException;
import dev.clipshare.core.Playback;
import dev.clipshare.core.Principal;
import dev.clipshare.core.RateLimitedException;
import dev.clipshare.core.ServiceBusyException;
import dev.clipshare.core.Share;
import dev.clipshare.core.ShareAccess;
import dev.clipshare.core.ShareExpiredException;
import dev.clipshare.core.ShareLinks;
import dev.clipshare.core.ShareNotFoundException;
import dev.clipshare.core.ShareToken;
import dev.clipshare.core.Sharing;
import dev.clipshare.core.SignInRequiredException;
import dev.clipshare.core.SignedUrl;
import dev.clipshare.core.UnlockRequest;
import dev.clipshare.core.ValidationException;
import dev.clipshare.core.ViewRequest;
import dev.clipshare.core.WrongPasswordException;
import dev.clipshare.servlet.HttpAccessPolicy;
import dev.clipshare.servlet.internal.json.Json;
import dev.clipshare.servlet.internal.json.JsonFields;
import dev.clipshare.servlet.internal.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The viewer's JSON side, for hosts that render the share page themselves (a single-page app, a
 * mobile app) and leave only the access decision to Clipshare: check a token's status, obtain a
 * grant (with the password when one is needed), then use the grant on the media and on the host's
 * own endpoints ({@link Sharing#verifyGrant}). The same rules and limits as the HTML pages apply,
 * because both ask the same {@link Sharing} methods.
 *
 * <h2>{@code GET|HEAD {prefix}/{token}/status}</h2>
 * Resolved with {@link ViewRequest.Purpose#STATUS}: rate limited like a page (the service-wide and
 * per-token limits), never counted as a view. The viewer is the host's signed-in user
 * ({@link HttpAccessPolicy#principal}) and, for password-protected shares, the grant the request
 * carries ({@link Grants}: {@code ?grant=}, {@code Authorization: Bearer}, or the grant cookie).
 * The body is one flat JSON object whose {@code status} says what to render:
 * <pre>
 * 404 {"status":"missing"}                  never issued, revoked, deleted, private to a non-member,
 *                                            malformed: one answer, byte for byte, whatever the cause
 * 200 {"status":"sign_in_required","login_url":"/login?next=…"}
 *                                            private, viewer signed out (a host without a login URL
 *                                            gets "missing" instead, as its HTML page answers 404)
 * 200 {"status":"expired"}
 * 200 {"status":"requires_password"}        no valid grant with the request
 * 200 {"status":"locked","retry_after":540,"locked_until":"2026-03-01T12:10:00Z"}
 * 200 {"status":"processing","progress":42} nothing exported yet; the running export's progress,
 *                                            0..100 (0 while it waits for a worker)
 * 200 {"status":"failed"}                   the only export attempted failed
 * 200 {"status":"ok","title":…,"description":…,"duration_ms":8000,"width":640,"height":360,
 *      "thumbnail_url":…,"mp4_url":…,"hls_url":…|null,"download_url":…|null,"media_expires_at":…|null}
 * 429 {"status":"rate_limited","retry_after":12}   with Retry-After
 * 503 {"status":"unavailable","retry_after":5}     the store failed (logged), with Retry-After
 * 405 {"status":"method_not_allowed"}              with Allow: GET, HEAD
 * </pre>
 * <b>Why these codes.</b> {@code missing} is a 404, like the not-found page it mirrors: to the
 * viewer the link names nothing, and answering it with the same status as the page keeps logs,
 * monitors and scanners telling one story. Every other state is a 200: the question "what is the
 * state of this link?" was answered, and the state is data for the client to render (as the HTML
 * page renders the password form or the processing notice), so clients need no error path for
 * the ordinary cases; a locked link's wait is in the body. Only refusals of the request itself
 * (rate limits, an unavailable store, a wrong method) use error codes. Clients switch on
 * {@code status} in every case.
 *
 * <p>Media URLs in an {@code ok} answer are absolute, built from the configured public base URL.
 * A public, password-less share's carry the export version ({@code ?v=N}) and need nothing else;
 * a private or password-protected share's carry a stream signature ({@code ?sig=}), valid until
 * {@code media_expires_at} (at most 12 hours, never past the viewer's grant or the link's
 * expiry), so {@code <video src>} and {@code <img src>} work without headers. {@code download_url}
 * (only when downloads are allowed) is the stable {@code /download} route: opened with the grant
 * (or the member's session), it redirects to a fresh 5-minute signed URL.
 *
 * <h2>{@code POST {prefix}/{token}/grant}</h2>
 * Body: a JSON object with an optional {@code password} string ({@code {}} or an empty body for
 * a share without one); unknown fields are refused. Answers:
 * <pre>
 * 200 {"ok":true,"grant_token":"g.…","expires_at":"2026-03-02T12:00:00Z"}
 * 403 {"ok":false,"reason":"password_required"}   no password sent (not counted)
 * 403 {"ok":false,"reason":"wrong_password"}      counted towards the lockout
 * 429 {"ok":false,"reason":"locked","retry_after":600,"locked_until":"…"}   with Retry-After
 * 404 {"ok":false,"reason":"missing"}             byte-identical whatever the cause
 * 410 {"ok":false,"reason":"expired"}
 * 403 {"ok":false,"reason":"sign_in_required","login_url":"…"}   (no login URL: "missing")
 * 429 {"ok":false,"reason":"rate_limited","retry_after":12}      with Retry-After
 * 503 {"ok":false,"reason":"busy","retry_after":1}               too many password checks at once
 * 503 {"ok":false,"reason":"unavailable","retry_after":5}        the store failed
 * 400 {"ok":false,"reason":"bad_request","field":"…","detail":"…"}  not one JSON object, an unknown
 *                                                  field, a password that is not a string
 * 413 {"ok":false,"reason":"body_too_large"}      more than the unlock body limit (4 KiB)
 * 415 {"ok":false,"reason":"unsupported_media_type"}   not application/json (UTF-8)
 * 405 {"ok":false,"reason":"method_not_allowed"}  with Allow: POST
 * </pre>
 * The same checks as the HTML unlock run in the same order ({@link Sharing#unlock}): the three rate
 * limits, the lockout, the bounded bcrypt concurrency. A password longer than 72 bytes in UTF-8
 * cannot be any share's password, so it is answered {@code wrong_password} without a bcrypt check
 * and without counting (the share's other states are still answered truthfully). The CSRF guard
 * is the media type: an HTML form cannot send {@code application/json}, and a cross-site script
 * that sets it needs a CORS preflight, which is not answered. No cookie is read for CSRF and none
 * is set: the client keeps the grant and sends it as a header or parameter.
 *
 * <p>Every answer carries {@code Cache-Control: no-store}, {@code X-Content-Type-Options: nosniff},
 * {@code Referrer-Policy: no-referrer}, {@code X-Robots-Tag: noindex, nofollow} and a CSP that
 * allows nothing and no framing. The password is never echoed, and neither it nor a grant is
 * logged. Immutable and thread-safe.
 */
final class ViewerJson {
    /** Logged under the viewer's name: one logger for everything the share prefix answers. */
    private static final Logger log = LoggerFactory.getLogger(Viewer.class);

    private static final String JSON = "application/json";
    private static final Set<String> GRANT_FIELDS = Set.of("password");
    private static final int UNAVAILABLE_RETRY = 5;

    private static final byte[] STATUS_MISSING = body(fields("status", "missing"));
    private static final byte[] STATUS_NOT_ALLOWED = body(fields("status", "method_not_allowed"));
    private static final byte[] GRANT_MISSING = body(fields("ok", false, "reason", "missing"));
    private static final byte[] GRANT_NOT_ALLOWED = body(fields("ok", false, "reason", "method_not_allowed"));
    private static final byte[] GRANT_UNSUPPORTED = body(fields("ok", false, "reason", "unsupported_media_type"));
    private static final byte[] GRANT_TOO_LARGE = body(fields("ok", false, "reason", "body_too_large"));

    private final Sharing sharing;
    private final HttpAccessPolicy policy;
    private final ViewerSettings settings;

    ViewerJson(Sharing sharing, HttpAccessPolicy policy, ViewerSettings settings) {
        this.sharing = sharing;
        this.policy = policy;
        this.settings = settings;
    }

    // ------------------------------------------------------------------ status

    /**
     * Answers {@code GET|HEAD {prefix}/{token}/status}.
     *
     * @param token    the token segment, or {@code null} when the segment is no token at all
     * @param pagePath the share page's path on this site, the way back after a login
     */
    void status(HttpServletRequest req, HttpServletResponse res, String token, String pagePath) throws IOException {
        String method = req.getMethod();
        boolean head = "HEAD".equals(method);
        if (!head && !"GET".equals(method)) {
            send(res, false, 405, STATUS_NOT_ALLOWED, "Allow", "GET, HEAD");
            return;
        }
        answer(req, res, token, pagePath, head, ViewRequest.Purpose.STATUS);
    }

    /**
     * Answers {@code POST {prefix}/{token}/view}: the status answer, and a counted view when it
     * is {@code ok} (a real viewer, not a link-preview crawler), resolved as the share page is,
     * with the page's rate limits. For hosts that render their own page: call it once per page
     * view instead of {@code GET …/status}. The body, if any, is ignored.
     */
    void view(HttpServletRequest req, HttpServletResponse res, String token, String pagePath) throws IOException {
        if (!"POST".equals(req.getMethod())) {
            send(res, false, 405, STATUS_NOT_ALLOWED, "Allow", "POST");
            return;
        }
        answer(req, res, token, pagePath, false, ViewRequest.Purpose.PAGE);
    }

    private void answer(HttpServletRequest req, HttpServletResponse res, String token, String pagePath, boolean head,
                        ViewRequest.Purpose purpose) throws IOException {
        String t = token == null ? "" : token;
        ShareAccess access;
        try {
            Principal viewer = policy.principal(req).orElse(null);
            String grant = Grants.of(req, Query.parse(req.getQueryString()), token);
            access = sharing.resolve(new ViewRequest(t, viewer, grant, null, req.getHeader("User-Agent"), purpose, 0,
                    settings.clientAddresses().resolve(req)));
        } catch (RateLimitedException e) {
            send(res, head, 429, body(fields("status", "rate_limited", "retry_after", e.retryAfterSeconds())),
                    "Retry-After", Long.toString(e.retryAfterSeconds()));
            return;
        } catch (RuntimeException e) {
            log.error("share link status check failed", e);
            send(res, head, 503, body(fields("status", "unavailable", "retry_after", UNAVAILABLE_RETRY)),
                    "Retry-After", Integer.toString(UNAVAILABLE_RETRY));
            return;
        }
        switch (access.state()) {
            case MISSING -> send(res, head, 404, STATUS_MISSING);
            case SIGN_IN_REQUIRED -> {
                Optional<String> login = policy.loginUrl(pagePath);
                if (login.isEmpty()) {
                    send(res, head, 404, STATUS_MISSING); // as the page: nowhere to send them, so "not found"
                } else {
                    send(res, head, 200, body(fields("status", "sign_in_required", "login_url", login.get())));
                }
            }
            case EXPIRED -> send(res, head, 200, body(fields("status", "expired")));
            case PASSWORD_REQUIRED -> send(res, head, 200, body(fields("status", "requires_password")));
            case LOCKED -> {
                ShareAccess.Locked l = (ShareAccess.Locked) access;
                send(res, head, 200, body(fields("status", "locked", "retry_after", seconds(l.retryAfter()),
                        "locked_until", l.until().toString())));
            }
            case PROCESSING -> {
                Export latest = ((ShareAccess.Processing) access).latest();
                send(res, head, 200, body(fields("status", "processing", "progress", latest == null ? 0 : latest.progress())));
            }
            case FAILED -> send(res, head, 200, body(fields("status", "failed")));
            case READY -> send(res, head, 200, body(ready((ShareAccess.Ready) access, t)));
        }
    }

    /** The {@code ok} answer: what the host's page shows, with media URLs that need no headers. */
    private Map<String, Object> ready(ShareAccess.Ready r, String token) {
        Share share = r.share();
        ExportArtifacts art = r.artifacts();
        Playback playback = r.playback(); // the same rule, and so the same version, as the page and the API
        String mp4 = playback.clipUrl();
        String hls = playback.hlsUrl().orElse(null);
        String thumbnail = playback.thumbnailUrl();
        Instant mediaExpiresAt = playback.expiresAt().orElse(null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        m.put("title", share.title());
        m.put("description", share.description());
        m.put("duration_ms", art.duration().toMillis());
        m.put("width", art.width());
        m.put("height", art.height());
        m.put("thumbnail_url", thumbnail);
        m.put("mp4_url", mp4);
        m.put("hls_url", hls);
        m.put("download_url", playback.downloadUrl().orElse(null));
        m.put("media_expires_at", mediaExpiresAt == null ? null : mediaExpiresAt.toString());
        return m;
    }

    // ------------------------------------------------------------------ grant

    /**
     * Answers {@code POST {prefix}/{token}/grant}.
     *
     * @param token    the token segment, or {@code null} when the segment is no token at all
     * @param pagePath the share page's path on this site, the way back after a login
     */
    void grant(HttpServletRequest req, HttpServletResponse res, String token, String pagePath) throws IOException {
        if (!"POST".equals(req.getMethod())) {
            send(res, false, 405, GRANT_NOT_ALLOWED, "Allow", "POST");
            return;
        }
        if (!isJson(req.getContentType())) {
            // refused before anything is read or counted: this is the CSRF guard
            send(res, false, 415, GRANT_UNSUPPORTED, "Accept-Post", JSON);
            return;
        }
        int limit = settings.unlockBodyLimit();
        if (req.getContentLengthLong() > limit) {
            send(res, false, 413, GRANT_TOO_LARGE);
            return;
        }
        Optional<byte[]> raw;
        try (InputStream in = req.getInputStream()) {
            raw = Forms.bytes(in, limit);
        }
        if (raw.isEmpty()) {
            send(res, false, 413, GRANT_TOO_LARGE);
            return;
        }
        String password;
        try {
            JsonObject node = Json.parseObject(raw.get());
            password = JsonFields.of(node == null ? Json.object() : node, GRANT_FIELDS).string("password");
        } catch (ValidationException e) {
            // the messages name a field or a position, never a value: the body may hold a password
            send(res, false, 400, body(fields("ok", false, "reason", "bad_request", "field", e.field(), "detail", e.getMessage())));
            return;
        }
        // a password longer than any share's (72 bytes) is the core's to refuse: wrong, not counted, no bcrypt,
        // and only after the link's other states (missing, expired, locked…) are answered as they are
        boolean given = password != null && !password.isEmpty();
        String t = token == null ? "" : token;
        try {
            Principal viewer = policy.principal(req).orElse(null);
            Grant grant = sharing.unlock(new UnlockRequest(t, password, viewer, settings.clientAddresses().resolve(req)));
            send(res, false, 200, body(fields("ok", true, "grant_token", grant.value(), "expires_at", grant.expiresAt().toString())));
        } catch (WrongPasswordException e) {
            if (given) {
                log.info("wrong password for a share link from {} (JSON)", settings.clientAddresses().resolve(req));
            }
            send(res, false, 403, body(fields("ok", false, "reason", given ? "wrong_password" : "password_required")));
        } catch (PasswordLockedException e) {
            log.info("locked share link tried from {} (JSON)", settings.clientAddresses().resolve(req));
            send(res, false, 429, body(fields("ok", false, "reason", "locked", "retry_after", e.retryAfterSeconds(),
                    "locked_until", e.lockedUntil().toString())), "Retry-After", Long.toString(e.retryAfterSeconds()));
        } catch (ShareNotFoundException e) {
            send(res, false, 404, GRANT_MISSING);
        } catch (SignInRequiredException e) {
            Optional<String> login = policy.loginUrl(pagePath);
            if (login.isEmpty()) {
                send(res, false, 404, GRANT_MISSING);
            } else {
                send(res, false, 403, body(fields("ok", false, "reason", "sign_in_required", "login_url", login.get())));
            }
        } catch (ShareExpiredException e) {
            send(res, false, 410, body(fields("ok", false, "reason", "expired")));
        } catch (RateLimitedException e) {
            send(res, false, 429, body(fields("ok", false, "reason", "rate_limited", "retry_after", e.retryAfterSeconds())),
                    "Retry-After", Long.toString(e.retryAfterSeconds()));
        } catch (ServiceBusyException e) {
            send(res, false, 503, body(fields("ok", false, "reason", "busy", "retry_after", e.retryAfterSeconds())),
                    "Retry-After", Long.toString(e.retryAfterSeconds()));
        } catch (RuntimeException e) {
            log.error("share link grant request failed", e);
            send(res, false, 503, body(fields("ok", false, "reason", "unavailable", "retry_after", UNAVAILABLE_RETRY)),
                    "Retry-After", Integer.toString(UNAVAILABLE_RETRY));
        }
    }

    /** {@code application/json}, with no charset or UTF-8 (the only encoding JSON may use between systems). */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().toLowerCase(Locale.ROOT).equals(JSON)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].strip();
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).strip().equalsIgnoreCase("charset")
                    && !param.substring(eq + 1).strip().replace("\"", "").equalsIgnoreCase("utf-8")) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ responses

    private static Map<String, Object> fields(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static byte[] body(Map<String, Object> fields) {
        return HtmlSafeJson.object(fields).getBytes(StandardCharsets.UTF_8);
    }

    /** Writes one whole answer with the headers every JSON answer carries, plus {@code extra} name/value pairs. */
    private static void send(HttpServletResponse res, boolean head, int status, byte[] body, String... extra) throws IOException {
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("Referrer-Policy", "no-referrer");
        res.setHeader("X-Robots-Tag", "noindex, nofollow");
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        res.setHeader("X-Frame-Options", "DENY");
        for (int i = 0; i < extra.length; i += 2) {
            res.setHeader(extra[i], extra[i + 1]);
        }
        res.setStatus(status);
        res.setContentType(JSON);
        res.setContentLength(body.length);
        if (!head) {
            res.getOutputStream().write(body);
        }
    }

    private static long seconds(Duration d) {
        long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return Math.max(1, s);
    }
}
