package dev.clipshare.servlet.internal.api;

import dev.clipshare.core.AccessDeniedException;
import dev.clipshare.core.ExportRequiredException;
import dev.clipshare.core.NotFoundException;
import dev.clipshare.core.Principal;
import dev.clipshare.core.RateLimit;
import dev.clipshare.core.RateLimitedException;
import dev.clipshare.core.RetryLaterException;
import dev.clipshare.core.ServiceBusyException;
import dev.clipshare.core.ShareConflictException;
import dev.clipshare.core.Sharing;
import dev.clipshare.core.SharingDisabledException;
import dev.clipshare.core.SignInRequiredException;
import dev.clipshare.core.StorageException;
import dev.clipshare.core.ValidationException;
import dev.clipshare.core.spi.RateLimitDecision;
import dev.clipshare.core.spi.RateLimiter;
import dev.clipshare.servlet.HttpAccessPolicy;
import dev.clipshare.servlet.internal.json.Json;
import dev.clipshare.servlet.internal.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a request under the base path, authenticates it, checks its media type, runs the
 * operation and writes the answer, mapping every refusal to an RFC 9457 problem. Thread-safe:
 * it holds only immutable state.
 */
public final class ApiDispatcher {
    /** Logged under the public entry point's name, which is what hosts configure. */
    private static final Logger log = LoggerFactory.getLogger("dev.clipshare.servlet.ShareApi");

    /** How much of an unwanted body is read and thrown away before giving up on the connection. */
    static final long DRAIN_LIMIT = 1024 * 1024;

    private final String basePath;
    private final String challenge;
    private final int maxBodyBytes;
    private final HttpAccessPolicy policy;
    private final Operations operations;
    private final OpenApiDocument openApi;
    private final RateLimiter limiter;
    private final RateLimit callerLimit; // null: the host throttles callers itself

    public ApiDispatcher(Sharing sharing, HttpAccessPolicy policy, String basePath, String challenge, int maxBodyBytes,
                         RateLimit callerLimit) {
        this.limiter = sharing.rateLimiter();
        this.callerLimit = callerLimit;
        this.basePath = Objects.requireNonNull(basePath, "basePath");
        this.challenge = Objects.requireNonNull(challenge, "challenge");
        this.maxBodyBytes = maxBodyBytes;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.operations = new Operations(Objects.requireNonNull(sharing, "sharing"), policy);
        this.openApi = OpenApiDocument.load();
    }

    /** The published OpenAPI document with its server URL set to {@code serverUrl}. */
    public byte[] openApiDocument(String serverUrl) {
        return openApi.forServer(serverUrl);
    }

    /**
     * Answers the request if its path lies under the base path.
     *
     * @return whether the request was answered (otherwise nothing was touched)
     */
    public boolean handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        String uri = request.getRequestURI();
        if (uri == null || !uri.startsWith(context)) {
            return false;
        }
        String path = uri.substring(context.length());
        if (!(path.equals(basePath) || path.startsWith(basePath + "/"))) {
            return false;
        }
        String mount = context + basePath;
        Reply reply;
        try {
            reply = dispatch(request, path.substring(basePath.length()), mount);
        } catch (ApiProblem p) {
            reply = problem(p.type(), p.getMessage(), p.field(), p.headers());
        } catch (RuntimeException e) {
            reply = mapException(request, e);
        }
        drain(request, reply);
        write(response, reply);
        return true;
    }

    /**
     * Reads and discards what is left of a body the answer did not need (a refusal before or while
     * reading it), up to {@link #DRAIN_LIMIT}, so the client reads the answer and can reuse the
     * connection: closing a socket with unread input makes TCP reset it, and a reset can destroy
     * the answer before the client sees it. Beyond the limit, or if reading fails, the connection
     * is closed after the answer instead. Memory stays constant.
     */
    private void drain(HttpServletRequest request, Reply reply) {
        if (reply.headers().containsKey("Connection")) {
            return;
        }
        try {
            InputStream in = request.getInputStream();
            byte[] buffer = new byte[8192];
            long left = DRAIN_LIMIT;
            int n;
            while ((n = in.read(buffer)) != -1) {
                left -= n;
                if (left < 0) {
                    reply.header("Connection", "close");
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            reply.header("Connection", "close");
        }
    }

    private Reply dispatch(HttpServletRequest request, String rest, String mount) throws IOException {
        List<String> segments = segments(rest);
        String method = request.getMethod(); // case-sensitive (RFC 9110): "get" is not GET
        Endpoint chosen = null;
        Map<String, String> params = Map.of();
        Set<String> allowed = new TreeSet<>();
        if (segments != null) {
            for (Endpoint e : Endpoint.values()) {
                Map<String, String> p = e.match(segments);
                if (p == null) {
                    continue;
                }
                allowed.add(e.method());
                if (e.method().equals(method) && (chosen == null || e.literals() > chosen.literals())) {
                    chosen = e;
                    params = p;
                }
            }
        }
        if (allowed.isEmpty()) {
            throw new ApiProblem(ProblemType.NOT_FOUND, "no API route at " + mount + rest);
        }
        if (chosen == null) {
            throw new ApiProblem(ProblemType.METHOD_NOT_ALLOWED, method + " is not allowed here; allowed: "
                    + String.join(", ", allowed), null, Map.of("Allow", String.join(", ", allowed)));
        }
        Principal principal = null;
        if (chosen.authenticated()) {
            Optional<Principal> p = policy.principal(request);
            if (p == null || p.isEmpty()) {
                throw new ApiProblem(ProblemType.UNAUTHORIZED, "sign in to use the sharing API", null,
                        Map.of("WWW-Authenticate", challenge));
            }
            principal = p.get();
            throttle(principal);
        }
        if (chosen.takesBody()) {
            checkMediaType(request, chosen);
        }
        QueryParams query = QueryParams.parse(request.getQueryString(), chosen.queryParameters());
        if (chosen == Endpoint.OPENAPI) {
            return new Reply(200, Reply.JSON, openApi.forServer(mount), new LinkedHashMap<>());
        }
        return operations.run(chosen, new Call(request, params, query, principal, mount, maxBodyBytes));
    }

    private void throttle(Principal caller) {
        if (callerLimit == null) {
            return;
        }
        RateLimitDecision d = limiter.tryAcquire(callerKey(caller), callerLimit);
        if (!d.allowed()) {
            throw new RateLimitedException(RateLimitedException.Scope.API_CALLER, d.retryAfter());
        }
    }

    /** "api:" and the caller's id, or the id's SHA-256 when the id is long (limiter keys stay short). */
    static String callerKey(Principal caller) {
        String id = caller.id();
        if (id.length() <= 64) {
            return "api:" + id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return "api#" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * JSON only, UTF-8 only. This is also the CSRF guard: an HTML form (or a cross-site "simple"
     * request) can only send form, multipart or plain-text bodies, never {@code application/json},
     * and a cross-site script that sets it is stopped by the browser's CORS preflight. So every
     * POST says {@code application/json}, even one without a body.
     */
    private static void checkMediaType(HttpServletRequest request, Endpoint endpoint) {
        boolean patch = endpoint.method().equals("PATCH");
        String accepted = patch ? "application/json, application/merge-patch+json" : "application/json";
        Map<String, String> acceptHeader = switch (endpoint.method()) {
            case "PATCH" -> Map.of("Accept-Patch", accepted);
            case "POST" -> Map.of("Accept-Post", accepted);
            default -> Map.of();
        };
        String contentType = request.getContentType();
        if (contentType == null || contentType.isBlank()) {
            throw new ApiProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "send the request with Content-Type: application/json (required even without a body)", null, acceptHeader);
        }
        String[] parts = contentType.split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        boolean json = type.equals("application/json") || (patch && type.equals("application/merge-patch+json"));
        if (!json) {
            throw new ApiProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE, "request bodies must be " + accepted
                    + ", not " + printable(type), null, acceptHeader);
        }
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].strip();
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).strip().equalsIgnoreCase("charset")) {
                String charset = param.substring(eq + 1).strip().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8")) {
                    throw new ApiProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE, "JSON must be UTF-8, not " + printable(charset),
                            null, acceptHeader);
                }
            }
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return cut.codePoints().allMatch(c -> c >= 0x20 && c < 0x7f) ? cut : "an unreadable media type";
    }

    /** The decoded path segments after the base path; {@code null} when they cannot be a route. */
    private static List<String> segments(String rest) {
        if (rest.isEmpty() || rest.equals("/")) {
            return null;
        }
        String[] raw = rest.substring(1).split("/", -1);
        List<String> out = new ArrayList<>(raw.length);
        for (String s : raw) {
            if (s.isEmpty() || s.indexOf(';') >= 0) {
                return null;
            }
            String decoded = percentDecode(s);
            if (decoded == null) {
                return null;
            }
            out.add(decoded);
        }
        return out;
    }

    /** Strict UTF-8 percent-decoding of one path segment ({@code +} stays a plus). */
    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ errors

    private Reply mapException(HttpServletRequest request, RuntimeException e) {
        if (e instanceof ValidationException v) {
            return problem(ProblemType.VALIDATION, v.getMessage(), v.field(), Map.of());
        }
        if (e instanceof SharingDisabledException) {
            return problem(ProblemType.SHARING_DISABLED, e.getMessage(), null, Map.of());
        }
        if (e instanceof AccessDeniedException) {
            return problem(ProblemType.FORBIDDEN, e.getMessage(), null, Map.of());
        }
        if (e instanceof NotFoundException) {
            return problem(ProblemType.NOT_FOUND, e.getMessage(), null, Map.of());
        }
        if (e instanceof ExportRequiredException) {
            return problem(ProblemType.EXPORT_REQUIRED, e.getMessage(), null, Map.of());
        }
        if (e instanceof ShareConflictException conflict) {
            return conflict(conflict);
        }
        if (e instanceof ServiceBusyException b) {
            return problem(ProblemType.BUSY, e.getMessage(), null, Map.of("Retry-After", Long.toString(b.retryAfterSeconds())));
        }
        if (e instanceof RetryLaterException r) {
            return problem(ProblemType.RATE_LIMITED, e.getMessage(), null,
                    Map.of("Retry-After", Long.toString(r.retryAfterSeconds())));
        }
        if (e instanceof SignInRequiredException) {
            return problem(ProblemType.UNAUTHORIZED, "sign in to use the sharing API", null, Map.of("WWW-Authenticate", challenge));
        }
        if (e instanceof StorageException) {
            log.error("sharing API: storage failed on {} {}", request.getMethod(), request.getRequestURI(), e);
            return problem(ProblemType.STORAGE_UNAVAILABLE, "the sharing store is unavailable; try again shortly", null, Map.of());
        }
        log.error("sharing API: unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(ProblemType.INTERNAL, "an unexpected error occurred; it has been logged", null, Map.of());
    }

    /** A conflict with another link names it, so a client can offer that link instead. */
    private static Reply conflict(ShareConflictException e) {
        JsonObject n = problemNode(ProblemType.CONFLICT, e.getMessage(), null);
        e.existingShareId().ifPresent(id -> n.put("existing_share_id", id.value()));
        e.existingShareUrl().ifPresent(url -> n.put("existing_share_url", url));
        return new Reply(ProblemType.CONFLICT.status(), Reply.PROBLEM_JSON, Json.bytes(n), new LinkedHashMap<>());
    }

    private static Reply problem(ProblemType type, String detail, String field, Map<String, String> headers) {
        return new Reply(type.status(), Reply.PROBLEM_JSON, Json.bytes(problemNode(type, detail, field)), new LinkedHashMap<>(headers));
    }

    private static JsonObject problemNode(ProblemType type, String detail, String field) {
        JsonObject n = Json.object();
        n.put("type", type.uri());
        n.put("title", type.title());
        n.put("status", type.status());
        n.put("detail", detail);
        if (field != null) {
            n.put("field", field);
        }
        return n;
    }

    private static void write(HttpServletResponse response, Reply reply) throws IOException {
        response.setStatus(reply.status());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        for (Map.Entry<String, String> h : reply.headers().entrySet()) {
            response.setHeader(h.getKey(), h.getValue());
        }
        if (reply.contentType() != null) {
            response.setContentType(reply.contentType());
        }
        response.setContentLength(reply.body().length);
        if (reply.body().length > 0) {
            response.getOutputStream().write(reply.body());
        }
    }
}
