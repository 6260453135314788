package dev.clipshare.servlet.api;

import static dev.clipshare.servlet.api.TestHost.EDITOR;
import static dev.clipshare.servlet.api.TestHost.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ExportJob;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Starting exports and following their status and progress. */
class ExportEndpointsTest extends ApiTestBase {

    @Test
    void startingAnExportAnswers202WithLocationAndAPendingJob() {
        Http.Res res = http.as(EDITOR).post("/exports", """
                {"source_id": "video-1", "segment_id": "moment-1", "range": {"start_ms": 12000, "end_ms": 19500}}""");

        JsonNode export = assertJson(res, 202);
        String id = export.get("id").stringValue();
        assertThat(res.header("Location")).isEqualTo("/app/api/exports/" + id);
        assertThat(export.get("object").stringValue()).isEqualTo("export");
        assertThat(export.get("status").stringValue()).isEqualTo("pending");
        assertThat(export.get("progress").intValue()).isZero();
        assertThat(export.get("version").longValue()).isEqualTo(1);
        assertThat(export.get("source_id").stringValue()).isEqualTo("video-1");
        assertThat(export.get("segment_id").stringValue()).isEqualTo("moment-1");
        assertThat(export.get("range").get("start_ms").longValue()).isEqualTo(12_000);
        assertThat(export.get("range").get("end_ms").longValue()).isEqualTo(19_500);
        assertThat(export.get("artifacts").isNull()).isTrue();
        assertThat(export.get("created_at").stringValue()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(assertJson(http.as(VIEWER).get("/exports/" + id), 200)).isEqualTo(export);
    }

    @Test
    void statusAndProgressFollowTheWorker() {
        String id = assertJson(http.as(EDITOR).post("/exports", "{\"source_id\": \"video-1\"}"), 202).get("id").stringValue();
        ExportJob job = host.sharing.exportQueue().claim("worker-1").orElseThrow();
        host.clock.advance(Duration.ofSeconds(3));
        host.sharing.exportQueue().heartbeat(job, 40);

        JsonNode running = assertJson(http.as(VIEWER).get("/exports/" + id), 200);
        assertThat(running.get("status").stringValue()).isEqualTo("processing");
        assertThat(running.get("progress").intValue()).isEqualTo(40);
        assertThat(running.get("range").isNull()).isTrue();

        host.sharing.exportQueue().complete(job, TestHost.ARTIFACTS);
        JsonNode done = assertJson(http.as(VIEWER).get("/exports/" + id), 200);

        assertThat(done.get("status").stringValue()).isEqualTo("completed");
        assertThat(done.get("progress").intValue()).isEqualTo(100);
        assertThat(done.get("completed_at").stringValue()).isEqualTo("2026-03-01T10:00:03Z");
        JsonNode artifacts = done.get("artifacts");
        assertThat(artifacts.get("duration_ms").longValue()).isEqualTo(8000);
        assertThat(artifacts.get("width").intValue()).isEqualTo(1280);
        assertThat(artifacts.get("height").intValue()).isEqualTo(720);
        assertThat(artifacts.get("bytes").longValue()).isEqualTo(1_000_000);
        assertThat(artifacts.get("video_codec").stringValue()).isEqualTo("h264");
        assertThat(artifacts.get("audio_codec").stringValue()).isEqualTo("aac");
        assertThat(artifacts.get("has_hls").booleanValue()).isTrue();
    }

    @Test
    void aFailedExportSaysWhy() {
        String id = assertJson(http.as(EDITOR).post("/exports", "{\"source_id\": \"video-1\"}"), 202).get("id").stringValue();
        ExportJob job = host.sharing.exportQueue().claim("worker-1").orElseThrow();
        host.sharing.exportQueue().fail(job, "source has no video stream", false);

        JsonNode failed = assertJson(http.as(VIEWER).get("/exports/" + id), 200);

        assertThat(failed.get("status").stringValue()).isEqualTo("failed");
        assertThat(failed.get("failure_reason").stringValue()).isEqualTo("source has no video stream");
    }

    @Test
    void theLatestExportOfATargetIsItsNewestVersionWhateverItsStatus() {
        assertProblem(http.as(VIEWER).get("/exports/latest?source_id=video-1"), 404, "not-found");
        assertJson(http.as(EDITOR).post("/exports", "{\"source_id\": \"video-1\"}"), 202);
        host.exportEverything();
        String second = assertJson(http.as(EDITOR).post("/exports", "{\"source_id\": \"video-1\", \"range\": {\"start_ms\": 0, \"end_ms\": 4000}}"), 202)
                .get("id").stringValue();

        JsonNode latest = assertJson(http.as(VIEWER).get("/exports/latest?source_id=video-1"), 200);

        assertThat(latest.get("id").stringValue()).isEqualTo(second);
        assertThat(latest.get("version").longValue()).isEqualTo(2);
        assertThat(latest.get("status").stringValue()).isEqualTo("pending");
        assertProblem(http.as(VIEWER).get("/exports/latest?source_id=video-1&segment_id=moment-1"), 404, "not-found");
    }

    @Test
    void repeatingARequestForAStillPendingJobReturnsThatJob() {
        String body = "{\"source_id\": \"video-2\", \"range\": {\"start_ms\": 0, \"end_ms\": 4000}}";
        JsonNode first = assertJson(http.as(EDITOR).post("/exports", body), 202);
        JsonNode again = assertJson(http.as(EDITOR).post("/exports", body), 202);

        assertThat(again.get("id")).isEqualTo(first.get("id"));
    }

    @Test
    void aShareServesTheExportOnceItCompletes() {
        JsonNode share = createShare("{\"source_id\": \"video-1\", \"segment_id\": \"moment-1\", \"range\": {\"start_ms\": 0, \"end_ms\": 3000}}");
        assertThat(share.get("status").stringValue()).isEqualTo("pending");
        ExportJob job = host.sharing.exportQueue().claim("worker-1").orElseThrow();
        String id = share.get("id").stringValue();
        assertThat(assertJson(http.as(VIEWER).get("/shares/" + id), 200).get("status").stringValue()).isEqualTo("processing");

        host.sharing.exportQueue().complete(job, TestHost.ARTIFACTS);

        JsonNode ready = assertJson(http.as(VIEWER).get("/shares/" + id), 200);
        assertThat(ready.get("status").stringValue()).isEqualTo("completed");
        assertThat(ready.get("export").get("id").stringValue()).isEqualTo(job.id().value());
    }

    @Test
    void aBadExportRequestIsRefusedNamingTheField() {
        assertInvalid(http.as(EDITOR).post("/exports", "{}"), "source_id");
        assertInvalid(http.as(EDITOR).post("/exports", "{\"source_id\": \"video-1\", \"range\": {\"start_ms\": 5000, \"end_ms\": 5000}}"), "range");
        assertInvalid(http.as(EDITOR).post("/exports", "{\"source_id\": \"video-1\", \"range\": {\"start_ms\": 0, \"end_ms\": 90000000}}"), "range");
        assertInvalid(http.as(EDITOR).post("/exports", "{\"source_id\": \"video-1\", \"priority\": \"high\"}"), "priority");
        assertProblem(http.as(EDITOR).post("/exports", "{\"source_id\": \"nope\"}"), 404, "not-found");
        assertProblem(http.as(VIEWER).post("/exports", "{\"source_id\": \"video-1\"}"), 403, "forbidden");
    }
}
