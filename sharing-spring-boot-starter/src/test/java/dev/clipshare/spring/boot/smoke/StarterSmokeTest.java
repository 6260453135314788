package dev.clipshare.spring.boot.smoke;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.clipshare.core.SharingEvent;
import dev.clipshare.servlet.internal.json.Json;
import dev.clipshare.servlet.internal.json.JsonObject;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * A new Spring Boot app with the starter and one policy bean (plus, here, a source resolver
 * and a transcoder without FFmpeg), on a real Tomcat on a random port: links work end to end,
 * Spring Security leaves share pages open and answers the API with problem+json, events reach
 * Spring listeners, and the meters and the health indicator see it all. Runs here on Boot 3.5 and,
 * from this module's test-jar, in {@code examples/spring-boot-4} on Boot 4.0: so it touches no API
 * that differs between them (the port comes as a property, JSON is read with Clipshare's own parser
 * rather than Jackson 2's or 3's databind).
 */
@SpringBootTest(classes = SmokeApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:smoke;DB_CLOSE_DELAY=-1",
        "spring.security.user.name=owner",
        "spring.security.user.password=owner-pw",
        "management.endpoint.health.show-details=always",
        "clipshare.public-base-url=https://video.example.test",
        "clipshare.signing.key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "clipshare.sealing.key=ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=",
        "clipshare.jdbc.create-schema=true",
        "clipshare.media.directory=target/smoke-media",
        "clipshare.export.work-directory=target/smoke-work"})
@Import(FakeExports.class)
class StarterSmokeTest {
    @Value("${local.server.port}")
    int port;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void ownerCreatesALinkThenAnAnonymousViewerWatchesItAndTheMetersCountIt() throws Exception {
        HttpResponse<String> on = api(true, "PUT", "/libraries/team/sharing", "{\"sharing_enabled\": true}");
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        HttpResponse<String> created = api(true, "POST", "/shares", "{\"source_id\": \"video-1\", \"title\": \"Smoke\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String shareUrl = (String) at(created.body(), "share_url");
        assertThat(shareUrl).startsWith("https://video.example.test/s/");
        String id = (String) at(created.body(), "id");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                "completed".equals(at(api(true, "GET", "/shares/" + id, null).body(), "status")));

        String page = URI.create(shareUrl).getPath();
        HttpResponse<String> viewed = http.send(get(page).build(), BodyHandlers.ofString());
        assertThat(viewed.statusCode()).isEqualTo(200);
        assertThat(viewed.body()).contains("Smoke");
        assertThat(viewed.headers().firstValue("Set-Cookie")).as("no session for an anonymous viewer").isEmpty();
        HttpResponse<String> embed = http.send(get(page + "?layout=minimal").build(), BodyHandlers.ofString());
        assertThat(embed.headers().firstValue("X-Frame-Options")).as("Spring's DENY is off: Clipshare's CSP decides framing").isEmpty();
        HttpResponse<byte[]> clip = http.send(get(page + "/clip.mp4").build(), BodyHandlers.ofByteArray());
        assertThat(clip.statusCode()).isEqualTo(200);
        assertThat(clip.body()).hasSize(FakeExports.CLIP_BYTES);

        assertThat(meters.get("clipshare.page.views").counter().count()).as("the page and its embed layout").isEqualTo(2.0);
        // the filter reports the bytes once it returns, which may be just after the client has them all
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
                assertThat(meters.get("clipshare.media.bytes").counter().count()).isEqualTo(FakeExports.CLIP_BYTES));
        assertThat(meters.get("clipshare.exports.requested").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("clipshare.exports.finished").tag("outcome", "completed").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("clipshare.exports.queue.depth").gauge().value()).isZero();
        assertThat(meters.get("clipshare.export.duration").tag("outcome", "completed").timer().count()).isEqualTo(1);
        assertThat(FakeExports.EVENTS).hasAtLeastOneElementOfType(SharingEvent.ShareCreated.class)
                .hasAtLeastOneElementOfType(SharingEvent.ExportCompleted.class)
                .hasAtLeastOneElementOfType(SharingEvent.ShareViewed.class);
    }

    @Test
    void anonymousApiCallGetsAProblemJson401AndNoSession() throws Exception {
        HttpResponse<String> refused = api(false, "GET", "/shares?source_id=video-1", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"clipshare\"");
        assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
        String problem = refused.body();
        assertThat(at(problem, "type")).isEqualTo("https://clipshare.dev/problems/unauthorized");
        assertThat(at(problem, "title")).isEqualTo("Sign-in required");
        assertThat(at(problem, "status")).isEqualTo(401L);
        assertThat(at(problem, "detail")).isEqualTo("sign in to use the sharing API");
    }

    @Test
    void theAppsOtherPagesKeepBootsDefaultSecurity() throws Exception {
        HttpResponse<String> other = http.send(get("/anything-else").build(), BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(401);
        assertThat(other.headers().firstValue("Content-Type").orElse("")).doesNotContain("problem+json");
    }

    @Test
    void healthReportsTheStoresAndTheRunningExportRunner() throws Exception {
        HttpResponse<String> health = http.send(get("/actuator/health").header("Authorization", basic()).build(),
                BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        String body = health.body();
        assertThat(at(body, "components", "clipshare", "status")).as(body).isEqualTo("UP");
        assertThat(at(body, "components", "clipshare", "details", "stores")).isEqualTo("up");
        assertThat(at(body, "components", "clipshare", "details", "exportRunner")).isEqualTo("running");
    }

    private HttpResponse<String> api(boolean signedIn, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url("/api" + path))
                .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (signedIn) {
            request.header("Authorization", basic());
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString("owner:owner-pw".getBytes(UTF_8));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(url(path)).GET();
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** The value at {@code path} of a JSON object (a string, a long, an object), or {@code null}. */
    private static Object at(String json, String... path) {
        Object v = Json.parseObject(json.getBytes(UTF_8));
        for (String name : path) {
            v = v instanceof JsonObject o ? o.get(name) : null;
        }
        return v;
    }
}
