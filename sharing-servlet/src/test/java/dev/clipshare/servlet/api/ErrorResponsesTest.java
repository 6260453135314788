package dev.clipshare.servlet.api;

import static dev.clipshare.servlet.api.TestHost.EDITOR;
import static dev.clipshare.servlet.api.TestHost.OUTSIDER;
import static dev.clipshare.servlet.api.TestHost.OWNER;
import static dev.clipshare.servlet.api.TestHost.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.LinksPerTarget;
import dev.clipshare.core.ShareQuery;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Every refusal the API documents, as a client sees it: status, problem type, field, headers. */
class ErrorResponsesTest extends ApiTestBase {

    // ------------------------------------------------------------------ 400

    @Test
    void malformedJsonIsAValidationProblemOnTheBodyThatQuotesNothingOfIt() {
        JsonNode problem = assertInvalid(http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\", \"title\": sneaky-value}"),
                "body");
        assertThat(problem.get("detail").stringValue()).contains("not well-formed JSON").contains("line 1").doesNotContain("sneaky");
        assertInvalid(http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\"} {}"), "body");
        assertInvalid(http.as(EDITOR).post("/shares", "[{\"source_id\": \"video-1\"}]"), "body");
        assertInvalid(http.as(EDITOR).post("/shares", "\"video-1\""), "body");
        assertInvalid(http.as(EDITOR).post("/shares", ""), "body");
        assertInvalid(http.as(EDITOR).post("/shares", "   "), "body");
        assertThat(assertInvalid(http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\", \"title\": \"a\", \"title\": \"b\"}"),
                "body").get("detail").stringValue()).contains("twice");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"title": "x"}                                                   | source_id
            {"source_id": null}                                              | source_id
            {"source_id": 42}                                                | source_id
            {"source_id": ""}                                                | source_id
            {"source_id": "video-1", "segment_id": ["a"]}                    | segment_id
            {"source_id": "video-1", "title": 5}                             | title
            {"source_id": "video-1", "title": "line\\u0007bell"}             | title
            {"source_id": "video-1", "description": {"a": 1}}                | description
            {"source_id": "video-1", "visibility": "secret"}                 | visibility
            {"source_id": "video-1", "visibility": true}                     | visibility
            {"source_id": "video-1", "allow_download": "yes"}                | allow_download
            {"source_id": "video-1", "expires_in_days": 1.5}                 | expires_in_days
            {"source_id": "video-1", "expires_in_days": "7"}                 | expires_in_days
            {"source_id": "video-1", "expires_in_days": 0}                   | expires_in_days
            {"source_id": "video-1", "expires_in_days": 99999999999999999999} | expires_in_days
            {"source_id": "video-1", "expires_at": 1767225600}               | expires_at
            {"source_id": "video-1", "expires_at": "2027-01-01T00:00:00"}    | expires_at
            {"source_id": "video-1", "expires_at": "2027-01-01T00:00:00Z", "expires_in_days": 3} | expires_at
            {"source_id": "video-1", "metadata": ["a"]}                      | metadata
            {"source_id": "video-1", "metadata": {"team": 7}}                | metadata.team
            {"source_id": "video-1", "metadata": {"bad key!": "x"}}          | metadata
            {"source_id": "video-1", "password": 1234}                       | password
            {"source_id": "video-1", "password": ""}                         | password
            {"source_id": "video-1", "range": "0-5000"}                      | range
            {"source_id": "video-1", "range": {"start_ms": "0", "end_ms": 5000}} | range.start_ms
            {"source_id": "video-1", "range": {"start_ms": -1, "end_ms": 5000}}  | range.start_ms
            {"source_id": "video-1", "range": {"start_ms": 0}}               | range.end_ms
            {"source_id": "video-1", "range": {"start_ms": 9000, "end_ms": 5000}} | range
            {"source_id": "video-1", "range": {"start_ms": 0, "end_ms": 5000, "fps": 30}} | range.fps
            {"source_id": "video-1", "titel": "typo"}                        | titel
            {"source_id": "video-1", "id": "chosen-by-me"}                   | id
            """)
    void aBadCreateBodyIsRefusedNamingTheField(String body, String field) {
        assertInvalid(http.as(EDITOR).post("/shares", body), field);
        assertThat(host.memoryShares.list(ShareQuery.of(TestHost.VIDEO))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"visibility": null}            | visibility
            {"allow_download": null}        | allow_download
            {"expires_in_days": 3, "expires_at": null} | expires_at
            {"metadata": {"k": null}}       | metadata.k
            {"password": false}             | password
            {"view_count": 0}               | view_count
            {"source_id": "video-2"}        | source_id
            """)
    void aBadPatchIsRefusedNamingTheFieldAndChangesNothing(String body, String field) {
        JsonNode share = createShare("{\"source_id\": \"video-1\", \"title\": \"kept\"}");
        String id = share.get("id").stringValue();

        assertInvalid(http.as(EDITOR).patch("/shares/" + id, plusTitle(body)), field);

        assertThat(assertJson(http.as(EDITOR).get("/shares/" + id), 200)).isEqualTo(share);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /shares                                         | source_id
            /shares?source_id=                              | source_id
            /shares?source_id=video-1&limit=0               | limit
            /shares?source_id=video-1&limit=201             | limit
            /shares?source_id=video-1&limit=ten             | limit
            /shares?source_id=video-1&include_revoked=yes   | include_revoked
            /shares?source_id=video-1&cursor=not-a-cursor   | cursor
            /shares?source_id=video-1&sort=oldest           | sort
            /shares?source_id=video-1&source_id=video-2     | source_id
            /exports/latest                                 | source_id
            /libraries/team-1/sharing?verbose=1             | verbose
            """)
    void aBadQueryIsRefusedNamingTheParameter(String path, String field) {
        assertInvalid(http.as(VIEWER).get(path), field);
    }

    @Test
    void anIdempotencyKeyTooLongIsRefusedNamingTheHeader() {
        assertInvalid(http.as(EDITOR).header("Idempotency-Key", "k".repeat(201)).post("/shares", "{\"source_id\": \"video-1\"}"),
                "Idempotency-Key");
        assertThat(host.memoryShares.list(ShareQuery.of(TestHost.VIDEO))).isEmpty();
    }

    // ------------------------------------------------------------------ 401, 403, 404, 405

    @Test
    void noPrincipalIs401WithAChallenge() {
        Http.Res res = http.anonymous().post("/shares", "{\"source_id\": \"video-1\"}");

        assertProblem(res, 401, "unauthorized");
        assertThat(res.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"clipshare\"");
        assertProblem(http.anonymous().get("/shares?source_id=video-1"), 401, "unauthorized");
    }

    @Test
    void aRoleTooLowIs403Forbidden() {
        JsonNode problem = assertProblem(http.as(VIEWER).post("/shares", "{\"source_id\": \"video-1\"}"), 403, "forbidden");
        assertThat(problem.get("detail").stringValue()).contains("VIEWER");
        assertProblem(http.as(EDITOR).put("/libraries/team-1/sharing", "{\"sharing_enabled\": false}"), 403, "forbidden");
    }

    @Test
    void sharingOffIs403SharingDisabled() {
        assertJson(http.as(OWNER).put("/libraries/team-1/sharing", "{\"sharing_enabled\": false}"), 200);

        JsonNode problem = assertProblem(http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\"}"), 403, "sharing-disabled");
        assertThat(problem.get("detail").stringValue()).contains("team-1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "/shares/AAAAAAAAAAAAAAAAAAAAAA", "/shares/not%20an%20id", "/shares/AAAAAAAAAAAAAAAAAAAAAA/lockout",
            "/exports/AAAAAAAAAAAAAAAAAAAAAA", "/exports/%E2%9C%93", "/libraries/team-404/sharing",
            "/exports/latest?source_id=video-2", "/shares?source_id=no-such-video", "/nothing-here", "", "/",
            "/shares/", "/shares/AAAAAAAAAAAAAAAAAAAAAA/revoke/now", "/shares;x=1", "/Shares"})
    void unknownThingsAndRoutesAre404(String path) {
        assertProblem(http.as(OWNER).get(path), 404, "not-found");
    }

    @Test
    void aNonMemberIsToldNotFoundExactlyAsForSomethingMissing() {
        String id = createShare("{\"source_id\": \"video-1\"}").get("id").stringValue();

        JsonNode theirs = assertProblem(http.as(OUTSIDER).get("/shares/" + id), 404, "not-found");
        JsonNode missing = assertProblem(http.as(OUTSIDER).get("/shares/AAAAAAAAAAAAAAAAAAAAAA"), 404, "not-found");
        assertThat(theirs).isEqualTo(missing);
        assertProblem(http.as(OUTSIDER).post("/shares", "{\"source_id\": \"video-1\"}"), 404, "not-found");
        assertProblem(http.as(OUTSIDER).get("/libraries/team-1/sharing"), 404, "not-found");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            DELETE  | /shares                                  | GET, POST
            PUT     | /shares/AAAAAAAAAAAAAAAAAAAAAA           | DELETE, GET, PATCH
            GET     | /shares/AAAAAAAAAAAAAAAAAAAAAA/revoke    | POST
            HEAD    | /shares/AAAAAAAAAAAAAAAAAAAAAA           | DELETE, GET, PATCH
            OPTIONS | /shares                                  | GET, POST
            POST    | /libraries/team-1/sharing                | GET, PUT
            GET     | /exports                                 | POST
            DELETE  | /exports/latest                          | GET
            POST    | /openapi.json                            | GET
            """)
    void aMethodThePathDoesNotServeIs405WithAllow(String method, String path, String allow) {
        Http.Res res = http.as(OWNER).send(method, path, null);

        assertThat(res.status()).isEqualTo(405);
        assertThat(res.header("Allow")).isEqualTo(allow);
        if (!method.equals("HEAD")) {
            assertProblem(res, 405, "method-not-allowed");
        }
    }

    @Test
    void pathsOutsideTheApiReachTheHostApp() {
        Http.Res res = http.anonymous().get("//app/apix/shares");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.body()).isEqualTo(HOST_PAGE);
        assertThat(http.anonymous().get("//app/other").body()).isEqualTo(HOST_PAGE);
    }

    // ------------------------------------------------------------------ 409

    @Test
    void aSecondActiveLinkOfTheSameVisibilityUnderOnePerVisibilityIs409() {
        TestHost strict = new TestHost(LinksPerTarget.ONE_PER_VISIBILITY).enabled();
        use(strict);
        JsonNode existing = assertJson(http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\"}"), 201);

        JsonNode problem = assertProblem(http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\"}"), 409, "conflict");

        assertThat(problem.get("detail").stringValue()).contains("already has an active public link");
        assertThat(problem.get("existing_share_id").stringValue()).isEqualTo(existing.get("id").stringValue());
        assertThat(problem.get("existing_share_url").stringValue()).isEqualTo(existing.get("share_url").stringValue());
        assertJson(http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\", \"visibility\": \"private\"}"), 201);
    }

    @Test
    void aSegmentWithoutAnExportOrARangeIs409ExportRequired() {
        JsonNode problem = assertProblem(http.as(EDITOR).post("/shares",
                "{\"source_id\": \"video-1\", \"segment_id\": \"moment-1\"}"), 409, "export-required");

        assertThat(problem.get("detail").stringValue()).contains("moment-1").contains("range");
    }

    // ------------------------------------------------------------------ 413

    @Test
    void aBodyOver64KiBWithContentLengthIs413() {
        String body = "{\"source_id\": \"video-1\", \"title\": \"" + "x".repeat(70_000) + "\"}";

        assertProblem(http.as(EDITOR).post("/shares", body), 413, "payload-too-large");
    }

    @Test
    void aChunkedBodyOver64KiBIs413WhileReading() {
        byte[] body = ("{\"source_id\": \"video-1\", \"description\": \"" + "y".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        // a stream of unknown length goes out chunked, without Content-Length
        HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));

        Http.Res res = http.as(EDITOR).send("POST", "/shares", chunked, true);

        assertProblem(res, 413, "payload-too-large");
        assertThat(host.memoryShares.list(ShareQuery.of(TestHost.VIDEO))).isEmpty();
    }

    @Test
    void aBodyOfExactly64KiBIsAccepted() {
        String head = "{\"source_id\": \"video-1\"";
        String body = head + " ".repeat(64 * 1024 - head.length() - 1) + "}";
        assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(64 * 1024);

        assertJson(http.as(EDITOR).post("/shares", body), 201);
    }

    // ------------------------------------------------------------------ 415

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain",
            "text/json", "application/json; charset=ISO-8859-1", "application/merge-patch+json"})
    void aBodyThatIsNotJsonIs415(String contentType) {
        Http.Res res = http.as(EDITOR).contentType(contentType).post("/shares", "{\"source_id\": \"video-1\"}");

        assertProblem(res, 415, "unsupported-media-type");
        assertThat(res.header("Accept-Post")).isEqualTo("application/json");
    }

    @Test
    void jsonWithAUtf8CharsetIsAccepted() {
        assertJson(http.as(EDITOR).contentType("Application/JSON; charset=\"UTF-8\"").post("/shares", "{\"source_id\": \"video-1\"}"), 201);
    }

    @Test
    void aPostWithoutContentTypeIsRefusedEvenWithoutABodySoAFormCannotRevokeALink() {
        String id = createShare("{\"source_id\": \"video-1\"}").get("id").stringValue();

        assertProblem(http.as(EDITOR).contentType(null).post("/shares/" + id + "/revoke", ""), 415, "unsupported-media-type");
        assertProblem(http.as(EDITOR).send("POST", "/shares/" + id + "/revoke", null), 415, "unsupported-media-type");
        assertProblem(http.as(EDITOR).contentType("application/x-www-form-urlencoded").post("/shares/" + id + "/revoke", "a=b"),
                415, "unsupported-media-type");
        assertProblem(http.as(EDITOR).contentType("text/plain").patch("/shares/" + id, "{\"title\": \"x\"}"),
                415, "unsupported-media-type");

        assertThat(assertJson(http.as(EDITOR).get("/shares/" + id), 200).get("status").stringValue()).isNotEqualTo("revoked");
    }

    // ------------------------------------------------------------------ 429, 500, 503

    @Test
    void aThrottledCallerGets429WithRetryAfter() {
        Http.Res res = http.as(EDITOR).header("X-Test-Throttle", "7").post("/shares", "{\"source_id\": \"video-1\"}");

        assertProblem(res, 429, "rate-limited");
        assertThat(res.header("Retry-After")).isEqualTo("7");
    }

    @Test
    void aBusyServerIs503BusyWithRetryAfterAsOnTheViewerSide() {
        Http.Res res = http.as(EDITOR).header("X-Test-Busy", "1").post("/shares", "{\"source_id\": \"video-1\"}");

        assertProblem(res, 503, "busy");
        assertThat(res.header("Retry-After")).isEqualTo("2");
    }

    @Test
    void aPasswordWithNulIsAValidationProblem() {
        Http.Res res = http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\", \"password\": \"P\\u0000P\"}");

        assertProblem(res, 400, "validation");
        assertThat(res.body()).contains("NUL");
    }

    @Test
    void aCallerOverTheirRateLimitGets429WhileOtherCallersCarryOn() {
        use(host.api.newBuilder().callerRateLimit(dev.clipshare.core.RateLimit.perMinute(3)).build());
        for (int i = 0; i < 3; i++) {
            assertJson(http.as(EDITOR).get("/shares?source_id=video-1"), 200);
        }

        Http.Res refused = http.as(EDITOR).get("/shares?source_id=video-1");
        assertProblem(refused, 429, "rate-limited");
        assertThat(refused.header("Retry-After")).isEqualTo("20"); // 3 a minute: one every 20 s
        assertJson(http.as(VIEWER).get("/shares?source_id=video-1"), 200);
        assertThat(http.anonymous().get("/openapi.json").status()).as("no sign-in, not counted").isEqualTo(200);
        host.clock.advance(java.time.Duration.ofSeconds(20));
        assertJson(http.as(EDITOR).get("/shares?source_id=video-1"), 200);
        assertProblem(http.as(EDITOR).get("/shares?source_id=video-1"), 429, "rate-limited");
    }

    @Test
    void aFailingStoreIs503WithoutAStackTraceOrTheCause() {
        String id = createShare("{\"source_id\": \"video-1\"}").get("id").stringValue();
        host.storesFail.set(true);

        for (Http.Res res : new Http.Res[] {
                http.as(EDITOR).get("/shares/" + id),
                http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\"}"),
                http.as(VIEWER).get("/exports/latest?source_id=video-1")}) {
            JsonNode problem = assertProblem(res, 503, "storage-unavailable");
            assertThat(res.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("db.internal")
                    .doesNotContain("clipshare_rw").doesNotContain("dev.clipshare");
            assertThat(problem.get("detail").stringValue()).contains("try again");
        }
        host.storesFail.set(false);
        assertJson(http.as(EDITOR).get("/shares/" + id), 200);
    }

    @Test
    void anUnexpectedFailureIs500AndSaysNothingOfIt() {
        Http.Res res = http.as(EDITOR).header("X-Test-Explode", "1").get("/shares?source_id=video-1");

        assertProblem(res, 500, "internal");
        assertThat(res.body()).doesNotContain("boom").doesNotContain("Exception").doesNotContain("session store");
    }

    // ------------------------------------------------------------------ every answer

    @Test
    void everyAnswerIsNoStoreAndNosniff() {
        for (Http.Res res : new Http.Res[] {
                http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\"}"),
                http.as(EDITOR).get("/nope"),
                http.anonymous().get("/openapi.json")}) {
            assertThat(res.header("Cache-Control")).isEqualTo("no-store");
            assertThat(res.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
    }

    /** {@code body} with one more field before its closing brace. */
    private static String plusTitle(String body) {
        int end = body.lastIndexOf('}');
        return body.substring(0, end) + ", \"title\": \"changed\"}";
    }
}
