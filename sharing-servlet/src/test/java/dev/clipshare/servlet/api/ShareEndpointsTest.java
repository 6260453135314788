package dev.clipshare.servlet.api;

import static dev.clipshare.servlet.api.TestHost.ADMIN;
import static dev.clipshare.servlet.api.TestHost.EDITOR;
import static dev.clipshare.servlet.api.TestHost.OWNER;
import static dev.clipshare.servlet.api.TestHost.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.PasswordLockedException;
import dev.clipshare.core.ShareAccess;
import dev.clipshare.core.UnlockRequest;
import dev.clipshare.core.ViewRequest;
import dev.clipshare.core.WrongPasswordException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ShareEndpointsTest extends ApiTestBase {

    @Test
    void createAnswers201WithLocationAndTheWholeShareObject() {
        Http.Res res = http.as(EDITOR).post("/shares", """
                {"source_id": "video-1", "title": "  The winning goal ", "description": "Second half",
                 "metadata": {"match": "42", "team": "blue"}, "expires_in_days": 7}""");

        JsonNode share = assertJson(res, 201);
        String id = share.get("id").stringValue();
        assertThat(res.header("Location")).isEqualTo("/app/api/shares/" + id);
        assertThat(share.get("object").stringValue()).isEqualTo("share");
        assertThat(share.get("status").stringValue()).isEqualTo("pending");
        assertThat(share.get("visibility").stringValue()).isEqualTo("public");
        assertThat(share.get("library_id").stringValue()).isEqualTo("team-1");
        assertThat(share.get("source_id").stringValue()).isEqualTo("video-1");
        assertThat(share.get("segment_id").isNull()).isTrue();
        assertThat(share.get("type").stringValue()).as("a whole source").isEqualTo("file");
        assertThat(share.get("share_url").stringValue()).matches("https://clips\\.example\\.com/s/[A-Za-z0-9_-]{32}");
        assertThat(share.get("stream_url").isNull()).isTrue();
        assertThat(share.get("thumbnail_url").isNull()).isTrue();
        assertThat(share.has("media_download_url")).isFalse();
        assertThat(share.has("media_download_url_expires_at")).isFalse();
        assertThat(share.get("title").stringValue()).isEqualTo("The winning goal");
        assertThat(share.get("description").stringValue()).isEqualTo("Second half");
        assertThat(share.get("metadata").get("match").stringValue()).isEqualTo("42");
        assertThat(share.get("metadata").get("team").stringValue()).isEqualTo("blue");
        assertThat(share.get("view_count").longValue()).isZero();
        assertThat(share.get("has_password").booleanValue()).isFalse();
        assertThat(share.get("allow_download").booleanValue()).isFalse();
        assertThat(share.get("expires_at").stringValue()).isEqualTo("2026-03-08T10:00:00Z");
        assertThat(share.get("expired").booleanValue()).isFalse();
        assertThat(share.get("locked_until").isNull()).isTrue();
        assertThat(share.get("revoked_at").isNull()).isTrue();
        assertThat(share.get("created_by").get("id").stringValue()).isEqualTo("u-editor");
        assertThat(share.get("created_by").get("name").stringValue()).isEqualTo("Edith Editor");
        assertThat(share.get("created_at").stringValue()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(share.get("export").get("status").stringValue()).isEqualTo("pending");

        JsonNode again = assertJson(http.as(VIEWER).get("/shares/" + id), 200);
        assertThat(again).isEqualTo(share);
    }

    @Test
    void aSegmentShareWithARangeQueuesTheExportOfThatMoment() {
        JsonNode share = createShare("""
                {"source_id": "video-1", "segment_id": "moment-1", "range": {"start_ms": 722000, "end_ms": 741500},
                 "visibility": "private"}""");

        assertThat(share.get("segment_id").stringValue()).isEqualTo("moment-1");
        assertThat(share.get("type").stringValue()).as("a segment, in the shareable-assets API's words").isEqualTo("file_segment");
        assertThat(share.get("visibility").stringValue()).isEqualTo("private");
        JsonNode export = share.get("export");
        assertThat(export.get("object").stringValue()).isEqualTo("export");
        assertThat(export.get("segment_id").stringValue()).isEqualTo("moment-1");
        assertThat(export.get("range").get("start_ms").longValue()).isEqualTo(722_000);
        assertThat(export.get("range").get("end_ms").longValue()).isEqualTo(741_500);
    }

    @Test
    void aReadyPublicShareCarriesStreamThumbnailAndAShortLivedDownloadUrl() {
        String id = createShare("{\"source_id\": \"video-1\", \"allow_download\": true}").get("id").stringValue();
        JsonNode before = assertJson(http.as(EDITOR).get("/shares/" + id), 200);
        assertThat(before.get("media_download_url").isNull()).isTrue();
        assertThat(before.get("media_download_url_expires_at").isNull()).isTrue();

        host.exportEverything();
        JsonNode share = assertJson(http.as(EDITOR).get("/shares/" + id), 200);

        String page = share.get("share_url").stringValue();
        assertThat(share.get("status").stringValue()).isEqualTo("completed");
        assertThat(share.get("stream_url").stringValue()).as("versioned like the page's URLs").isEqualTo(page + "/hls/index.m3u8?v=1");
        assertThat(share.get("stream_url_expires_at").isNull()).isTrue();
        assertThat(share.get("thumbnail_url").stringValue()).isEqualTo(page + "/thumbnail.jpg?v=1");
        assertThat(share.get("media_download_url").stringValue()).startsWith(page + "/download?sig=");
        assertThat(share.get("media_download_url_expires_at").stringValue()).isEqualTo("2026-03-01T10:05:00Z");
        assertThat(share.get("export").get("artifacts").get("width").intValue()).isEqualTo(1280);
    }

    @Test
    void aPrivateShareGetsSignedStreamAndThumbnailUrls() {
        String id = createShare("{\"source_id\": \"video-1\", \"visibility\": \"private\"}").get("id").stringValue();
        host.exportEverything();

        JsonNode share = assertJson(http.as(VIEWER).get("/shares/" + id), 200);

        assertThat(share.get("stream_url").stringValue()).contains("/hls/index.m3u8?sig=");
        assertThat(share.get("thumbnail_url").stringValue()).contains("/thumbnail.jpg?sig=");
        assertThat(share.get("stream_url_expires_at").stringValue()).isEqualTo("2026-03-01T22:00:00Z");
        assertThat(share.has("media_download_url")).isFalse();
    }

    @Test
    void theListIsNewestFirstInCursorPages() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(createShare("{\"source_id\": \"video-1\", \"title\": \"take " + i + "\"}").get("id").stringValue());
            host.clock.advance(Duration.ofSeconds(1));
        }
        createShare("{\"source_id\": \"video-2\"}");

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = assertJson(http.as(VIEWER).get("/shares?source_id=video-1&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor)), 200);
            assertThat(page.get("object").stringValue()).isEqualTo("list");
            page.get("data").forEach(s -> seen.add(s.get("id").stringValue()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").stringValue();
            assertThat(page.get("has_more").booleanValue()).isEqualTo(cursor != null);
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        Collections.reverse(created);
        assertThat(seen).containsExactlyElementsOf(created);
    }

    @Test
    void aSegmentHasItsOwnListAndRevokedLinksShowOnlyWhenAsked() {
        String whole = createShare("{\"source_id\": \"video-1\"}").get("id").stringValue();
        String moment = createShare("""
                {"source_id": "video-1", "segment_id": "moment-1", "range": {"start_ms": 0, "end_ms": 5000}}""")
                .get("id").stringValue();
        String revoked = createShare("{\"source_id\": \"video-1\"}").get("id").stringValue();
        assertJson(http.as(EDITOR).post("/shares/" + revoked + "/revoke", ""), 200);

        assertThat(ids(http.as(VIEWER).get("/shares?source_id=video-1"))).containsExactly(whole);
        assertThat(ids(http.as(VIEWER).get("/shares?source_id=video-1&segment_id=moment-1"))).containsExactly(moment);
        assertThat(ids(http.as(VIEWER).get("/shares?source_id=video-1&include_revoked=true")))
                .containsExactlyInAnyOrder(whole, revoked);
    }

    private static List<String> ids(Http.Res res) {
        List<String> ids = new ArrayList<>();
        assertJson(res, 200).get("data").forEach(s -> ids.add(s.get("id").stringValue()));
        return ids;
    }

    @Test
    void patchChangesWhatItNamesAndKeepsTheRest() {
        String id = createShare("""
                {"source_id": "video-1", "title": "Goal", "description": "d", "metadata": {"a": "1"}}""")
                .get("id").stringValue();
        host.clock.advance(Duration.ofMinutes(1));

        JsonNode share = assertJson(http.as(EDITOR).patch("/shares/" + id, """
                {"title": "New title", "allow_download": true, "expires_in_days": 2, "metadata": {"b": "2"}}"""), 200);

        assertThat(share.get("title").stringValue()).isEqualTo("New title");
        assertThat(share.get("description").stringValue()).isEqualTo("d");
        assertThat(share.get("allow_download").booleanValue()).isTrue();
        assertThat(share.has("media_download_url")).isTrue();
        assertThat(share.get("expires_at").stringValue()).isEqualTo("2026-03-03T10:01:00Z");
        assertThat(share.get("metadata").propertyNames()).containsExactly("b");
        assertThat(share.get("updated_at").stringValue()).isEqualTo("2026-03-01T10:01:00Z");
        assertThat(share.get("created_at").stringValue()).isEqualTo("2026-03-01T10:00:00Z");
    }

    @Test
    void patchWithJsonNullRemovesTitleDescriptionMetadataPasswordAndExpiry() {
        String id = createShare("""
                {"source_id": "video-1", "title": "Goal", "description": "d", "metadata": {"a": "1"},
                 "password": "blue-heron", "expires_at": "2026-04-01T00:00:00+02:00"}""").get("id").stringValue();
        JsonNode before = assertJson(http.as(EDITOR).get("/shares/" + id), 200);
        assertThat(before.get("has_password").booleanValue()).isTrue();
        assertThat(before.get("expires_at").stringValue()).isEqualTo("2026-03-31T22:00:00Z");

        JsonNode share = assertJson(http.as(EDITOR).contentType("application/merge-patch+json").patch("/shares/" + id, """
                {"title": null, "description": null, "metadata": null, "password": null, "expires_at": null}"""), 200);

        assertThat(share.get("title").isNull()).isTrue();
        assertThat(share.get("description").isNull()).isTrue();
        assertThat(share.get("metadata").isEmpty()).isTrue();
        assertThat(share.get("has_password").booleanValue()).isFalse();
        assertThat(share.get("expires_at").isNull()).isTrue();
    }

    @Test
    void patchWithExpiresInDaysNullRemovesTheExpiryAsTheShareLinksApiDoes() {
        String id = createShare("{\"source_id\": \"video-1\", \"expires_in_days\": 7}").get("id").stringValue();
        assertThat(assertJson(http.as(EDITOR).get("/shares/" + id), 200).get("expires_at").isNull()).isFalse();

        JsonNode share = assertJson(http.as(EDITOR).patch("/shares/" + id, "{\"expires_in_days\": null}"), 200);

        assertThat(share.get("expires_at").isNull()).isTrue();
        assertThat(share.get("expired").booleanValue()).isFalse();
        host.clock.advance(Duration.ofDays(30));
        assertThat(assertJson(http.as(EDITOR).get("/shares/" + id), 200).get("expired").booleanValue()).isFalse();
    }

    @Test
    void anExpiredShareSaysSoAndRemovingTheExpiryRevivesIt() {
        String id = createShare("{\"source_id\": \"video-1\", \"expires_in_days\": 1}").get("id").stringValue();
        host.exportEverything();

        host.clock.advance(Duration.ofHours(25));
        JsonNode expired = assertJson(http.as(EDITOR).get("/shares/" + id), 200);
        assertThat(expired.get("expired").booleanValue()).isTrue();
        assertThat(expired.get("status").stringValue()).isEqualTo("completed");
        String token = token(expired);
        assertThat(host.sharing.resolve(ViewRequest.page(token))).isInstanceOf(ShareAccess.Expired.class);

        JsonNode revived = assertJson(http.as(EDITOR).patch("/shares/" + id, "{\"expires_at\": null}"), 200);
        assertThat(revived.get("expired").booleanValue()).isFalse();
        assertThat(revived.get("expires_at").isNull()).isTrue();
        assertThat(host.sharing.resolve(ViewRequest.page(token))).isInstanceOf(ShareAccess.Ready.class);
    }

    @Test
    void visibilityIsImmutableTheSameValueIsAcceptedAnotherIsRefusedAndNothingChanges() {
        String id = createShare("{\"source_id\": \"video-1\", \"title\": \"Goal\"}").get("id").stringValue();

        JsonNode same = assertJson(http.as(EDITOR).patch("/shares/" + id, "{\"visibility\": \"public\", \"title\": \"Still\"}"), 200);
        assertThat(same.get("title").stringValue()).isEqualTo("Still");

        JsonNode problem = assertProblem(http.as(EDITOR).patch("/shares/" + id,
                "{\"visibility\": \"private\", \"title\": \"Changed\"}"), 409, "visibility-immutable");
        assertThat(problem.get("field").stringValue()).isEqualTo("visibility");
        assertThat(problem.get("detail").stringValue()).contains("public");
        JsonNode after = assertJson(http.as(EDITOR).get("/shares/" + id), 200);
        assertThat(after.get("visibility").stringValue()).isEqualTo("public");
        assertThat(after.get("title").stringValue()).isEqualTo("Still");

        assertProblem(http.as(VIEWER).patch("/shares/" + id, "{\"visibility\": \"private\"}"), 403, "forbidden");
        assertProblem(http.as(TestHost.OUTSIDER).patch("/shares/" + id, "{\"visibility\": \"private\"}"), 404, "not-found");
    }

    @Test
    void revokeEndsTheLinkKeepsTheRecordAndIsIdempotent() {
        JsonNode created = createShare("{\"source_id\": \"video-1\"}");
        String id = created.get("id").stringValue();
        String token = token(created);
        host.exportEverything();
        assertThat(host.sharing.resolve(ViewRequest.page(token))).isInstanceOf(ShareAccess.Ready.class);

        JsonNode revoked = assertJson(http.as(EDITOR).post("/shares/" + id + "/revoke", "{}"), 200);

        assertThat(revoked.get("status").stringValue()).isEqualTo("revoked");
        assertThat(revoked.get("revoked_at").stringValue()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(revoked.get("share_url").isNull()).isTrue();
        assertThat(revoked.get("stream_url").isNull()).isTrue();
        assertThat(host.sharing.resolve(ViewRequest.page(token))).isSameAs(ShareAccess.MISSING);
        assertThat(assertJson(http.as(EDITOR).post("/shares/" + id + "/revoke", ""), 200).get("status").stringValue())
                .isEqualTo("revoked");
        assertThat(assertJson(http.as(VIEWER).get("/shares/" + id), 200).get("status").stringValue()).isEqualTo("revoked");
        assertProblem(http.as(EDITOR).patch("/shares/" + id, "{\"title\": \"too late\"}"), 409, "conflict");
    }

    @Test
    void aPostWithoutAnyBodyRevokesAsCurlSendsIt() throws Exception {
        String id = createShare("{\"source_id\": \"video-1\"}").get("id").stringValue();
        String request = "POST /app/api/shares/" + id + "/revoke HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer u-editor\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n";

        String response;
        try (Socket socket = new Socket(origin.getHost(), origin.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(response).startsWith("HTTP/1.1 200").contains("\"status\":\"revoked\"");
    }

    @Test
    void deleteAnswers204AndTheShareIsGoneForManagersAndViewers() {
        JsonNode created = createShare("{\"source_id\": \"video-1\"}");
        String id = created.get("id").stringValue();

        Http.Res res = http.as(EDITOR).delete("/shares/" + id);

        assertThat(res.status()).isEqualTo(204);
        assertThat(res.body()).isEmpty();
        assertProblem(http.as(EDITOR).get("/shares/" + id), 404, "not-found");
        assertProblem(http.as(EDITOR).delete("/shares/" + id), 404, "not-found");
        assertThat(host.sharing.resolve(ViewRequest.page(token(created)))).isSameAs(ShareAccess.MISSING);
    }

    @Test
    void anOwnerOrAdminClearsAPasswordLockoutSoTheRealAudienceGetsIn() {
        JsonNode created = createShare("{\"source_id\": \"video-1\", \"password\": \"blue-heron\"}");
        String id = created.get("id").stringValue();
        String token = token(created);
        for (int i = 0; i < 5; i++) {
            try {
                host.sharing.unlock(UnlockRequest.of(token, "wrong-" + i));
            } catch (WrongPasswordException | PasswordLockedException expected) {
                // guessing
            }
        }
        JsonNode locked = assertJson(http.as(EDITOR).get("/shares/" + id), 200);
        assertThat(locked.get("locked_until").stringValue()).isEqualTo("2026-03-01T10:10:00Z");
        assertProblem(http.as(EDITOR).post("/shares/" + id + "/clear-lockout", ""), 403, "forbidden");

        JsonNode cleared = assertJson(http.as(ADMIN).post("/shares/" + id + "/clear-lockout", ""), 200);

        assertThat(cleared.get("locked_until").isNull()).isTrue();
        assertThat(host.sharing.unlock(UnlockRequest.of(token, "blue-heron")).shareId().value()).isEqualTo(id);
        assertJson(http.as(OWNER).post("/shares/" + id + "/clear-lockout", "{}"), 200);
    }

    @Test
    void anIdempotentRetryReturnsTheSameShareAndAReusedKeyWithAnotherBodyIsAConflict() {
        String body = "{\"source_id\": \"video-1\", \"title\": \"Goal\", \"password\": \"blue-heron\", \"expires_in_days\": 3}";
        Http.Res first = http.as(EDITOR).header("Idempotency-Key", "create-7f3a").post("/shares", body);
        host.clock.advance(Duration.ofHours(1));
        Http.Res retry = http.as(EDITOR).header("Idempotency-Key", "create-7f3a").post("/shares", body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(retry.json().get("share_url")).isEqualTo(first.json().get("share_url"));
        assertThat(assertJson(http.as(EDITOR).get("/shares?source_id=video-1"), 200).get("data")).hasSize(1);

        JsonNode conflict = assertProblem(http.as(EDITOR).header("Idempotency-Key", "create-7f3a").post("/shares",
                body.replace("Goal", "Other")), 409, "conflict");
        assertThat(conflict.get("detail").stringValue()).contains("idempotency key").contains("title");
        assertProblem(http.as(EDITOR).header("Idempotency-Key", "create-7f3a").post("/shares",
                body.replace("blue-heron", "red-heron")), 409, "conflict");

        Http.Res someoneElse = http.as(ADMIN).header("Idempotency-Key", "create-7f3a").post("/shares", body);
        assertThat(assertJson(someoneElse, 201).get("id")).isNotEqualTo(first.json().get("id"));
        assertThat(assertJson(http.as(EDITOR).get("/shares?source_id=video-1"), 200).get("data")).hasSize(2);
    }

    @Test
    void anExpiryInThePastIsRefusedNamingTheField() {
        assertInvalid(http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\", \"expires_at\": \"2026-03-01T09:00:00Z\"}"),
                "expires_at");
        assertInvalid(http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\", \"expires_at\": \"tomorrow\"}"),
                "expires_at");
        String id = createShare("{\"source_id\": \"video-1\"}").get("id").stringValue();
        assertInvalid(http.as(EDITOR).patch("/shares/" + id, "{\"expires_at\": \"" + Instant.parse("2020-01-01T00:00:00Z") + "\"}"),
                "expires_at");
    }

    /** The token inside a share URL, to open it through the facade as a viewer would. */
    static String token(JsonNode share) {
        String url = share.get("share_url").stringValue();
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
