package dev.clipshare.servlet;

import dev.clipshare.core.RateLimit;
import dev.clipshare.core.Sharing;
import dev.clipshare.servlet.internal.api.ApiDispatcher;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The JSON management API: hosts and their front ends create, list, read, change, revoke and
 * delete share links, flip a library's sharing switch, clear a lockout, and start and follow
 * exports, over HTTP. Every request is authenticated with the host's
 * {@link HttpAccessPolicy#principal} and authorised by the {@link Sharing} facade's role rules.
 *
 * <pre>{@code
 * ShareApi api = ShareApi.builder(sharing, policy)     // the same policy Sharing was built with
 *         .basePath("/api")                           // the default
 *         .build();
 * servletContext.addFilter("clipshare-api", api).addMappingForUrlPatterns(null, false, "/api/*");
 * // or, from a filter of your own:  if (api.handle(request, response)) return;
 * }</pre>
 *
 * <p><b>The HTTP contract</b> is the OpenAPI 3.1 document the API serves at
 * {@code <basePath>/openapi.json} (kept in this jar as
 * {@code dev/clipshare/servlet/api/openapi.json}). In short:
 * <ul>
 *   <li>{@code POST /shares} (201 + {@code Location}; {@code Idempotency-Key} makes a retry return the
 *       same share, and the same key with a different body a 409), {@code GET /shares?source_id=…}
 *       (newest first, cursor pages), {@code GET|PATCH|DELETE /shares/{id}},
 *       {@code POST /shares/{id}/revoke}, {@code POST /shares/{id}/clear-lockout};</li>
 *   <li>{@code GET|PUT /libraries/{id}/sharing};</li>
 *   <li>{@code POST /exports} (202 + {@code Location}), {@code GET /exports/{id}},
 *       {@code GET /exports/latest?source_id=…}.</li>
 * </ul>
 * Bodies are JSON objects in snake_case; unknown fields are refused. Errors are RFC 9457
 * {@code application/problem+json} with stable {@code type} URIs under
 * {@code https://clipshare.dev/problems/}: 400 {@code validation} (with the offending
 * {@code field}), 401, 403 ({@code forbidden}, {@code sharing-disabled}), 404, 405, 409
 * ({@code conflict}, {@code visibility-immutable}, {@code export-required}), 413 (bodies over
 * {@value #MAX_BODY_BYTES} bytes), 415, 429 (with {@code Retry-After}: a caller past
 * {@link Builder#callerRateLimit}, or the policy throttling), 503 (the store failed;
 * logged, never a stack trace to the client).
 *
 * <p><b>Security.</b> Every {@code POST}, {@code PUT} and {@code PATCH} must carry
 * {@code Content-Type: application/json} (even without a body): HTML forms cannot send it and
 * cross-site scripts cannot without a CORS preflight, so this is the API's CSRF guard. Passwords
 * are never echoed: not in responses, not in problem details, not in logs. Responses are marked
 * {@code Cache-Control: no-store} (they carry signed URLs). Exceptions thrown by the policy that
 * are {@code SharingException}s are answered like core's (a policy may throw
 * {@code RateLimitedException} to throttle a caller); any other exception is a logged 500.
 *
 * <p><b>Thread-safety.</b> Immutable once built; one instance serves all requests concurrently.
 * The servlet container must support Jakarta Servlet 6.0; nothing container-specific is used.
 */
public final class ShareApi implements Filter {
    /** Where the API is mounted unless {@link Builder#basePath} says otherwise. */
    public static final String DEFAULT_BASE_PATH = "/api";
    /** The largest request body accepted; larger ones are refused with 413 while being read. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** The {@code WWW-Authenticate} challenge sent with 401 unless {@link Builder#authenticationChallenge} says otherwise. */
    public static final String DEFAULT_CHALLENGE = "Bearer realm=\"clipshare\"";
    /** Calls one signed-in caller may make unless {@link Builder#callerRateLimit} says otherwise: 600 a minute. */
    public static final RateLimit DEFAULT_CALLER_RATE_LIMIT = RateLimit.perMinute(600);

    private final Builder origin;
    private final ApiDispatcher dispatcher;

    private ShareApi(Builder b) {
        this.origin = b.copy();
        this.dispatcher = new ApiDispatcher(b.sharing, b.policy, b.basePath, b.challenge, MAX_BODY_BYTES, b.callerRateLimit);
    }

    /**
     * Starts a builder.
     *
     * @param sharing the facade the API manages
     * @param policy  the host's policy; authenticates API calls with {@link HttpAccessPolicy#principal}
     */
    public static Builder builder(Sharing sharing, HttpAccessPolicy policy) {
        return new Builder(sharing, policy);
    }

    /** A builder preset with this instance's settings. */
    public Builder newBuilder() {
        return origin.copy();
    }

    /** The path the API answers under, relative to the servlet context, e.g. {@code /api}. */
    public String basePath() {
        return origin.basePath;
    }

    /**
     * Answers the request when its path (within the servlet context) is the base path or lies
     * under it, with a JSON response or a problem; leaves it untouched otherwise. For hosts whose
     * own filter or servlet delegates to the API.
     *
     * @return {@code true} when the request was answered, {@code false} when it is not an API request
     * @throws IOException when the client connection fails
     */
    public boolean handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        return dispatcher.handle(request, response);
    }

    /**
     * The OpenAPI 3.1 document of this API as JSON text, its server URL set to the base path
     * (the served copy also includes the context path).
     */
    public String openApiDocument() {
        return new String(dispatcher.openApiDocument(origin.basePath), StandardCharsets.UTF_8);
    }

    /** Answers API requests; passes every other request down the chain. */
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse httpResponse
                && dispatcher.handle(http, httpResponse)) {
            return;
        }
        chain.doFilter(request, response);
    }

    @Override
    public String toString() {
        return "ShareApi[" + origin.basePath + "]";
    }

    /**
     * Builds a {@link ShareApi}. Setters check their argument at once. Not thread-safe.
     */
    public static final class Builder {
        private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

        private final Sharing sharing;
        private final HttpAccessPolicy policy;
        private String basePath = DEFAULT_BASE_PATH;
        private String challenge = DEFAULT_CHALLENGE;
        private RateLimit callerRateLimit = DEFAULT_CALLER_RATE_LIMIT;

        private Builder(Sharing sharing, HttpAccessPolicy policy) {
            this.sharing = Objects.requireNonNull(sharing, "sharing");
            this.policy = Objects.requireNonNull(policy, "policy");
        }

        private Builder copy() {
            Builder b = new Builder(sharing, policy);
            b.basePath = basePath;
            b.challenge = challenge;
            b.callerRateLimit = callerRateLimit;
            return b;
        }

        /**
         * Where the API lives within the servlet context, e.g. {@code /api} (the default) or
         * {@code /sharing/v1}: one or more segments of {@code A-Z a-z 0-9 . _ ~ -}, no trailing slash.
         */
        public Builder basePath(String path) {
            if (path == null || !PATH.matcher(path).matches()) {
                throw new IllegalArgumentException("basePath must look like /api or /sharing/v1, was '" + path + "'");
            }
            this.basePath = path;
            return this;
        }

        /**
         * The {@code WWW-Authenticate} value sent with 401 answers, naming how the host
         * authenticates (default {@value ShareApi#DEFAULT_CHALLENGE}).
         */
        public Builder authenticationChallenge(String challenge) {
            Objects.requireNonNull(challenge, "challenge");
            if (challenge.isBlank() || !challenge.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("challenge must be printable ASCII, was '" + challenge + "'");
            }
            this.challenge = challenge;
            return this;
        }

        /**
         * How many calls one signed-in caller may make (default {@link ShareApi#DEFAULT_CALLER_RATE_LIMIT},
         * 600 a minute: a front end polling an export's progress every second uses a tenth of it).
         * Counted per {@link dev.clipshare.core.Principal#id()} with {@link Sharing#rateLimiter()},
         * so with sharing-jdbc's limiter it holds across nodes; excess calls get 429 with
         * {@code Retry-After}. Calls that need no sign-in (the OpenAPI document) are not counted.
         */
        public Builder callerRateLimit(RateLimit limit) {
            this.callerRateLimit = Objects.requireNonNull(limit, "limit");
            return this;
        }

        /** No per-caller limit: for hosts that throttle API callers themselves (a gateway, their policy). */
        public Builder noCallerRateLimit() {
            this.callerRateLimit = null;
            return this;
        }

        /** The API, immutable; this builder may go on to build variants. Loads the OpenAPI document once. */
        public ShareApi build() {
            return new ShareApi(this);
        }
    }
}
