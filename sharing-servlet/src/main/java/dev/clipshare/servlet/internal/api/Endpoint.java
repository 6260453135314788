package dev.clipshare.servlet.internal.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every route the API serves: method, path template (relative to the base path), the OpenAPI
 * {@code operationId}, whether a signed-in principal is needed, and the query parameters it
 * accepts. The OpenAPI conformance test holds this table and the published document to each
 * other, in both directions.
 */
public enum Endpoint {
    OPENAPI("GET", "/openapi.json", "getOpenApiDocument", false, Set.of()),
    CREATE_SHARE("POST", "/shares", "createShare", true, Set.of()),
    LIST_SHARES("GET", "/shares", "listShares", true,
            Set.of("source_id", "segment_id", "limit", "cursor", "include_revoked")),
    GET_SHARE("GET", "/shares/{share_id}", "getShare", true, Set.of()),
    UPDATE_SHARE("PATCH", "/shares/{share_id}", "updateShare", true, Set.of()),
    DELETE_SHARE("DELETE", "/shares/{share_id}", "deleteShare", true, Set.of()),
    REVOKE_SHARE("POST", "/shares/{share_id}/revoke", "revokeShare", true, Set.of()),
    CLEAR_LOCKOUT("POST", "/shares/{share_id}/clear-lockout", "clearShareLockout", true, Set.of()),
    GET_SHARING("GET", "/libraries/{library_id}/sharing", "getLibrarySharing", true, Set.of()),
    SET_SHARING("PUT", "/libraries/{library_id}/sharing", "setLibrarySharing", true, Set.of()),
    START_EXPORT("POST", "/exports", "startExport", true, Set.of()),
    LATEST_EXPORT("GET", "/exports/latest", "getLatestExport", true, Set.of("source_id", "segment_id")),
    GET_EXPORT("GET", "/exports/{export_id}", "getExport", true, Set.of());

    private final String method;
    private final String template;
    private final String operationId;
    private final boolean authenticated;
    private final Set<String> queryParameters;
    private final List<String> segments;
    private final int literals;

    Endpoint(String method, String template, String operationId, boolean authenticated, Set<String> queryParameters) {
        this.method = method;
        this.template = template;
        this.operationId = operationId;
        this.authenticated = authenticated;
        this.queryParameters = queryParameters;
        this.segments = List.of(template.substring(1).split("/"));
        this.literals = (int) segments.stream().filter(s -> !s.startsWith("{")).count();
    }

    public String method() {
        return method;
    }

    /** The path template relative to the base path, OpenAPI style: {@code /shares/{share_id}}. */
    public String template() {
        return template;
    }

    public String operationId() {
        return operationId;
    }

    public boolean authenticated() {
        return authenticated;
    }

    /** Whether the request carries a JSON body, and so must say {@code Content-Type: application/json}. */
    public boolean takesBody() {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    public Set<String> queryParameters() {
        return queryParameters;
    }

    /** How many segments are literal; a literal match wins over a parameter ({@code /exports/latest}). */
    int literals() {
        return literals;
    }

    /**
     * The path parameters when {@code path} (decoded segments) fits this template, else {@code null}.
     */
    Map<String, String> match(List<String> path) {
        if (path.size() != segments.size()) {
            return null;
        }
        Map<String, String> params = null;
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            if (s.startsWith("{")) {
                if (params == null) {
                    params = new HashMap<>(2);
                }
                params.put(s.substring(1, s.length() - 1), path.get(i));
            } else if (!s.equals(path.get(i))) {
                return null;
            }
        }
        return params == null ? Map.of() : params;
    }
}
