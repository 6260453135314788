package dev.clipshare.servlet.internal.api;

/**
 * The problem types the API answers with. Their URIs are part of the HTTP contract: clients
 * switch on {@code type}, so a type is never renamed or reused for something else.
 */
public enum ProblemType {
    VALIDATION("validation", 400, "The request is not valid"),
    UNAUTHORIZED("unauthorized", 401, "Sign-in required"),
    FORBIDDEN("forbidden", 403, "Your role does not allow this"),
    SHARING_DISABLED("sharing-disabled", 403, "Sharing is turned off for this library"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    CONFLICT("conflict", 409, "The request conflicts with the current state"),
    VISIBILITY_IMMUTABLE("visibility-immutable", 409, "A share's visibility cannot change"),
    EXPORT_REQUIRED("export-required", 409, "The target needs an export first"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "The request body must be JSON"),
    /** A quota of this caller (or of a link) is spent: wait {@code Retry-After} seconds. */
    RATE_LIMITED("rate-limited", 429, "Too many requests"),
    /**
     * The server is at capacity for this kind of work (every bcrypt slot is taken and the line is
     * full), whoever asks: {@code Retry-After} seconds. Same rule as the viewer's pages and JSON.
     */
    BUSY("busy", 503, "The service is busy"),
    INTERNAL("internal", 500, "Internal error"),
    STORAGE_UNAVAILABLE("storage-unavailable", 503, "Storage is unavailable");

    /** Every type URI starts with this. */
    public static final String BASE = "https://clipshare.dev/problems/";

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String uri() {
        return BASE + slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
