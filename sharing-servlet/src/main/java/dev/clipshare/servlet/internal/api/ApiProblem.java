package dev.clipshare.servlet.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A refusal decided by the API layer itself (routing, media types, body size, the visibility
 * rule); core's exceptions are mapped separately. The detail must never contain a request value
 * that could be a secret.
 */
public final class ApiProblem extends RuntimeException {
    private final ProblemType type;
    private final String field;
    private final Map<String, String> headers;

    public ApiProblem(ProblemType type, String detail) {
        this(type, detail, null, Map.of());
    }

    public ApiProblem(ProblemType type, String detail, String field, Map<String, String> headers) {
        super(detail, null, false, false);
        this.type = Objects.requireNonNull(type, "type");
        this.field = field;
        this.headers = Map.copyOf(new LinkedHashMap<>(headers));
    }

    public ProblemType type() {
        return type;
    }

    /** The offending input for validation problems, or {@code null}. */
    public String field() {
        return field;
    }

    /** Extra response headers ({@code Allow}, {@code Retry-After}). */
    public Map<String, String> headers() {
        return headers;
    }
}
