package dev.clipshare.servlet.api;

import static dev.clipshare.servlet.api.TestHost.EDITOR;
import static dev.clipshare.servlet.api.TestHost.OWNER;
import static dev.clipshare.servlet.api.TestHost.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ClipRange;
import dev.clipshare.core.CreateShareRequest;
import dev.clipshare.core.ExportQueue;
import dev.clipshare.core.PasswordLockedException;
import dev.clipshare.core.ShareId;
import dev.clipshare.core.Target;
import dev.clipshare.core.UnlockRequest;
import dev.clipshare.core.Visibility;
import dev.clipshare.core.WrongPasswordException;
import dev.clipshare.servlet.ShareApi;
import dev.clipshare.servlet.internal.api.Endpoint;
import dev.clipshare.servlet.internal.api.OpenApiDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document and the code hold each other to account: every route the code serves is
 * documented and every documented route is served, with the same query parameters; and every
 * response the document describes (each operation, each status) is produced for real, over
 * HTTP, and matches the documented media type, headers and schema.
 */
class OpenApiConformanceTest extends ApiTestBase {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final String NO_SHARE = "AAAAAAAAAAAAAAAAAAAAAA";

    private JsonNode doc;
    private SchemaValidator validator;

    @BeforeEach
    void readTheDocument() throws IOException {
        try (InputStream in = ShareApi.class.getResourceAsStream(OpenApiDocument.RESOURCE)) {
            doc = Http.JSON.readTree(in);
        }
        validator = new SchemaValidator(doc);
    }

    @Test
    void theApiServesTheRepositoryDocumentPointedAtWhereItIsMounted() throws IOException {
        Http.Res res = http.anonymous().get("/openapi.json");

        JsonNode served = assertJson(res, 200);
        assertThat(served.get("openapi").stringValue()).isEqualTo("3.1.0");
        assertThat(served.get("servers").get(0).get("url").stringValue()).isEqualTo("/app/api");
        JsonNode inRepository = Http.JSON.readTree(Files.readString(
                Path.of("src/main/resources").resolve(OpenApiDocument.RESOURCE.substring(1))));
        ((ObjectNode) served).remove("servers");
        ((ObjectNode) inRepository).remove("servers");
        assertThat(served).isEqualTo(inRepository);
        assertThat(Http.JSON.readTree(host.api.openApiDocument()).get("servers").get(0).get("url").stringValue())
                .isEqualTo("/api");
    }

    @Test
    void everyRouteTheCodeServesIsDocumentedAndEveryDocumentedRouteIsServed() {
        Set<String> served = Arrays.stream(Endpoint.values())
                .map(e -> e.method() + " " + e.template() + " " + e.operationId())
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> documented = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (METHODS.contains(op.getKey())) {
                    documented.add(op.getKey().toUpperCase() + " " + path.getKey() + " " + op.getValue().get("operationId").stringValue());
                }
            }
        }

        assertThat(documented).isEqualTo(served);
    }

    @Test
    void everyOperationDocumentsExactlyTheQueryParametersItAccepts() {
        for (Endpoint e : Endpoint.values()) {
            JsonNode pathItem = doc.get("paths").get(e.template());
            JsonNode op = pathItem.get(e.method().toLowerCase());
            Set<String> query = new TreeSet<>();
            List<JsonNode> params = new ArrayList<>();
            pathItem.path("parameters").forEach(params::add);
            op.path("parameters").forEach(params::add);
            for (JsonNode p : params) {
                JsonNode param = validator.resolve(p);
                if (param.get("in").stringValue().equals("query")) {
                    query.add(param.get("name").stringValue());
                }
            }
            assertThat(query).as("query parameters of %s", e).isEqualTo(new TreeSet<>(e.queryParameters()));
            assertThat(op.has("requestBody")).as("request body of %s", e).isEqualTo(e.takesBody());
            assertThat(op.has("security")).as("security of %s", e).isEqualTo(e.authenticated());
        }
    }

    @Test
    void everyDocumentedResponseIsProducedForRealAndMatchesItsSchema() {
        Map<String, Endpoint> byOperation = Arrays.stream(Endpoint.values())
                .collect(Collectors.toMap(Endpoint::operationId, e -> e));
        Map<String, List<String>> checked = new TreeMap<>();
        for (Endpoint endpoint : Endpoint.values()) {
            JsonNode op = doc.get("paths").get(endpoint.template()).get(endpoint.method().toLowerCase());
            for (Map.Entry<String, JsonNode> documented : op.get("responses").properties()) {
                int status = Integer.parseInt(documented.getKey());
                host.storesFail.set(false);
                Http.Res res = example(byOperation.get(op.get("operationId").stringValue()), status);
                host.storesFail.set(false);

                assertThat(res.status()).as("%s %s: %s", endpoint, status, res).isEqualTo(status);
                assertMatches(res, validator.resolve(documented.getValue()), endpoint + " " + status);
                checked.computeIfAbsent(endpoint.operationId(), k -> new ArrayList<>()).add(documented.getKey());
            }
        }
        assertThat(checked).hasSize(Endpoint.values().length);
        assertThat(checked.values().stream().mapToInt(List::size).sum()).isGreaterThan(80);
    }

    @Test
    void richerSharesAndExportsMatchTheirSchemasToo() {
        JsonNode shareSchema = doc.at("/components/schemas/Share");
        JsonNode exportSchema = doc.at("/components/schemas/Export");
        String ready = host.readyShare(b -> b.allowDownload(true).password("blue-heron").title("T").description("D")
                .metadata(Map.of("k", "v")).expiresInDays(3)).id().value();
        String privateOne = host.readyShare(b -> b.visibility(Visibility.PRIVATE)).id().value();
        String segment = host.sharing.createShare(EDITOR, CreateShareRequest.builder(TestHost.MOMENT)
                .range(ClipRange.ofSeconds(1, 2)).build()).id().value();
        String locked = host.readyShare(b -> b.password("pw")).id().value();
        String lockedToken = ShareEndpointsTest.token(http.as(OWNER).get("/shares/" + locked).json());
        for (int i = 0; i < 5; i++) {
            try {
                host.sharing.unlock(UnlockRequest.of(lockedToken, "wrong"));
            } catch (WrongPasswordException | PasswordLockedException expected) {
                // guessing
            }
        }
        String revoked = host.readyShare(b -> b).id().value();
        host.sharing.revokeShare(EDITOR, new ShareId(revoked));
        host.clock.advance(Duration.ofDays(4));

        for (String id : List.of(ready, privateOne, segment, locked, revoked)) {
            JsonNode share = assertJson(http.as(VIEWER).get("/shares/" + id), 200);
            assertThat(validator.validate(share, shareSchema)).as("share %s", share).isEmpty();
        }
        JsonNode list = assertJson(http.as(VIEWER).get("/shares?source_id=video-1&include_revoked=true&limit=3"), 200);
        assertThat(list.get("data")).hasSize(3);
        assertThat(validator.validate(list, doc.at("/components/schemas/ShareList"))).isEmpty();
        ExportQueue queue = host.sharing.exportQueue();
        String failed = host.sharing.requestExport(EDITOR, Target.source("video-3"), null).id().value();
        queue.fail(queue.claim("w").orElseThrow(), "no video stream", false);
        String running = host.sharing.requestExport(EDITOR, Target.segment("video-2", "m"), ClipRange.ofSeconds(3, 4)).id().value();
        queue.heartbeat(queue.claim("w").orElseThrow(), 55);
        String completed = host.sharing.latestExport(EDITOR, TestHost.VIDEO).orElseThrow().id().value();
        for (String id : List.of(failed, running, completed)) {
            JsonNode export = assertJson(http.as(VIEWER).get("/exports/" + id), 200);
            assertThat(validator.validate(export, exportSchema)).as("export %s", export).isEmpty();
        }
    }

    @Test
    void theValidatorRefusesWhatTheSchemaForbids() {
        JsonNode schema = doc.at("/components/schemas/Share");
        ObjectNode share = (ObjectNode) assertJson(http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\"}"), 201);
        assertThat(validator.validate(share, schema)).isEmpty();

        assertThat(validator.validate(share.deepCopy().without("status"), schema)).singleElement().asString().contains("status");
        assertThat(validator.validate(share.deepCopy().put("view_count", "0"), schema)).singleElement().asString().contains("view_count");
        assertThat(validator.validate(share.deepCopy().put("status", "expired"), schema)).singleElement().asString().contains("expired");
        assertThat(validator.validate(share.deepCopy().put("password", "x"), schema)).singleElement().asString().contains("password");
        assertThat(validator.validate(share.deepCopy().put("created_at", "yesterday"), schema)).singleElement().asString().contains("date-time");
        ObjectNode badExport = share.deepCopy();
        ((ObjectNode) badExport.get("export")).put("progress", 101);
        assertThat(validator.validate(badExport, schema)).isNotEmpty();
    }

    // ------------------------------------------------------------------ one real request per documented response

    private Http.Res example(Endpoint e, int status) {
        return switch (status) {
            case 200, 201, 202, 204 -> send(e, http.as(OWNER), success(e));
            case 400 -> {
                Request r = success(e);
                yield send(e, http.as(OWNER), new Request(r.path + (r.path.contains("?") ? "&" : "?") + "unexpected=1", r.body));
            }
            case 401 -> send(e, http.anonymous(), success(e));
            case 403 -> send(e, http.as(VIEWER), success(e));
            case 404 -> send(e, http.as(OWNER), missing(e));
            case 409 -> send(e, http.as(EDITOR), conflicting(e));
            case 413 -> send(e, http.as(OWNER), new Request(success(e).path, "{\"x\": \"" + "x".repeat(ShareApi.MAX_BODY_BYTES) + "\"}"));
            case 415 -> send(e, http.as(OWNER).contentType("text/plain"), success(e));
            case 429 -> send(e, http.as(OWNER).header("X-Test-Throttle", "3"), success(e));
            case 500 -> send(e, http.as(OWNER).header("X-Test-Explode", "1"), success(e));
            case 503 -> {
                Request r = success(e);
                host.storesFail.set(true);
                yield send(e, http.as(OWNER), r);
            }
            default -> throw new AssertionError("no example for " + e + " " + status + ": add one");
        };
    }

    private record Request(String path, String body) {
    }

    private static Http.Res send(Endpoint e, Http.Req req, Request r) {
        return req.send(e.method(), r.path, e.takesBody() ? (r.body == null ? "" : r.body) : null);
    }

    /** A request the owner may make successfully; makes what it needs first. */
    private Request success(Endpoint e) {
        return switch (e) {
            case OPENAPI -> new Request("/openapi.json", null);
            case CREATE_SHARE -> new Request("/shares", "{\"source_id\": \"video-1\", \"allow_download\": true}");
            case LIST_SHARES -> {
                share();
                yield new Request("/shares?source_id=video-1&limit=5", null);
            }
            case GET_SHARE -> new Request("/shares/" + share(), null);
            case UPDATE_SHARE -> new Request("/shares/" + share(), "{\"title\": \"Renamed\", \"expires_in_days\": 2}");
            case DELETE_SHARE -> new Request("/shares/" + share(), null);
            case REVOKE_SHARE -> new Request("/shares/" + share() + "/revoke", "{}");
            case CLEAR_LOCKOUT -> new Request("/shares/" + share() + "/clear-lockout", "");
            case GET_SHARING -> new Request("/libraries/team-1/sharing", null);
            case SET_SHARING -> new Request("/libraries/team-1/sharing", "{\"sharing_enabled\": true}");
            case START_EXPORT -> new Request("/exports", "{\"source_id\": \"video-2\", \"range\": {\"start_ms\": 0, \"end_ms\": 1000}}");
            case LATEST_EXPORT -> {
                share();
                yield new Request("/exports/latest?source_id=video-1", null);
            }
            case GET_EXPORT -> new Request("/exports/" + host.sharing.requestExport(EDITOR, TestHost.VIDEO, null).id(), null);
        };
    }

    private Request missing(Endpoint e) {
        return switch (e) {
            case CREATE_SHARE -> new Request("/shares", "{\"source_id\": \"no-such-video\"}");
            case LIST_SHARES -> new Request("/shares?source_id=no-such-video", null);
            case GET_SHARE, DELETE_SHARE -> new Request("/shares/" + NO_SHARE, null);
            case UPDATE_SHARE -> new Request("/shares/" + NO_SHARE, "{\"title\": \"x\"}");
            case REVOKE_SHARE -> new Request("/shares/" + NO_SHARE + "/revoke", "");
            case CLEAR_LOCKOUT -> new Request("/shares/" + NO_SHARE + "/clear-lockout", "");
            case GET_SHARING -> new Request("/libraries/no-such-team/sharing", null);
            case SET_SHARING -> new Request("/libraries/no-such-team/sharing", "{\"sharing_enabled\": true}");
            case START_EXPORT -> new Request("/exports", "{\"source_id\": \"no-such-video\"}");
            case LATEST_EXPORT -> new Request("/exports/latest?source_id=video-3", null);
            case GET_EXPORT -> new Request("/exports/" + NO_SHARE, null);
            case OPENAPI -> throw new AssertionError("the document is always there");
        };
    }

    private Request conflicting(Endpoint e) {
        return switch (e) {
            case CREATE_SHARE -> new Request("/shares", "{\"source_id\": \"video-1\", \"segment_id\": \"never-exported\"}");
            case UPDATE_SHARE -> new Request("/shares/" + share(), "{\"visibility\": \"private\"}");
            default -> throw new AssertionError("no conflict example for " + e + ": add one");
        };
    }

    private String share() {
        return host.sharing.createShare(EDITOR, CreateShareRequest.builder(TestHost.VIDEO).build()).id().value();
    }

    private void assertMatches(Http.Res res, JsonNode response, String what) {
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            assertThat(res.body()).as("%s has no body", what).isEmpty();
        } else {
            String mediaType = content.propertyNames().iterator().next();
            assertThat(res.contentType()).as("media type of %s", what).startsWith(mediaType);
            JsonNode schema = content.get(mediaType).get("schema");
            assertThat(validator.validate(res.json(), schema)).as("%s: %s", what, res.body()).isEmpty();
        }
        for (Map.Entry<String, JsonNode> header : response.path("headers").properties()) {
            JsonNode h = validator.resolve(header.getValue());
            if (h.path("required").booleanValue()) {
                assertThat(res.header(header.getKey())).as("header %s of %s", header.getKey(), what).isNotBlank();
            }
        }
    }
}
