package dev.clipshare.examples.springboot;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 15's promise for Boot 3.5: the app's pom pins no Jackson, and Clipshare's JSON (the
 * management API, grant requests) works on the Jackson Boot 3.5 manages. The first test proves the
 * class path is exactly that (Boot's jackson-annotations 2.19, which jackson-databind 3 could not
 * start with, and no jackson-databind 3); the others make the JSON calls a Boot 3.5 user makes.
 * A pin in the pom, or Clipshare needing one again, fails here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "clipshare.public-base-url=https://video.example.test",
        "videoteam.videos=target/test-videos",
        "clipshare.media.directory=target/test-media",
        "clipshare.export.work-directory=target/test-exports"})   // as VideoTeamApplicationTest: the same app, started once
class BootsOwnJacksonTest {
    private static final ObjectMapper JSON = new ObjectMapper();   // the app's Jackson 2

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void sampleVideo() throws Exception {
        VideoTeamApplicationTest.sampleVideo();
    }

    @Test
    void theClassPathHasBootsJacksonAnnotationsAndNoJacksonDatabindThree() {
        assertThat(org.springframework.boot.SpringBootVersion.getVersion()).startsWith("3.5.");
        String annotations = com.fasterxml.jackson.annotation.JsonProperty.class.getPackage().getImplementationVersion();
        String bootsJackson = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
        assertThat(annotations).as("jackson-annotations is Boot's own (that of its Jackson %s), not a pinned one", bootsJackson)
                .startsWith(bootsJackson.substring(0, bootsJackson.lastIndexOf('.')));
        assertThatThrownBy(() -> Class.forName("com.fasterxml.jackson.annotation.JsonSerializeAs"))
                .as("the annotation jackson-databind 3 needs, and that made Boot 3.5 hosts pin jackson-annotations")
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("tools.jackson.databind.ObjectMapper"))
                .as("Clipshare brings jackson-core 3 only").isInstanceOf(ClassNotFoundException.class);
        assertThat(tools.jackson.core.json.PackageVersion.VERSION.getMajorVersion()).isEqualTo(3);
    }

    @Test
    void theManagementApiReadsAndWritesJson() throws Exception {
        assertThat(api("lena", "PUT", "/libraries/team/sharing", "{\"sharing_enabled\": true}").statusCode()).isEqualTo(200);
        HttpResponse<String> created = api("ed", "POST", "/shares",
                "{\"source_id\": \"rehearsal.mp4\", \"title\": \"Café \\u00e9t\\u00e9\", \"metadata\": {\"scene\": \"2\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode share = JSON.readTree(created.body());
        assertThat(share.get("title").asText()).isEqualTo("Café été");
        assertThat(share.get("metadata").get("scene").asText()).isEqualTo("2");

        HttpResponse<String> refused = api("ed", "POST", "/shares", "{\"source_id\": \"rehearsal.mp4\", \"title\": secret-value}");
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.get("field").asText()).isEqualTo("body");
        assertThat(problem.get("detail").asText())
                .isEqualTo("body: the request body is not well-formed JSON (line 1, column 41)");
    }

    @Test
    void aViewerGetsAGrantForTheRightPasswordOnly() throws Exception {
        assertThat(api("lena", "PUT", "/libraries/team/sharing", "{\"sharing_enabled\": true}").statusCode()).isEqualTo(200);
        HttpResponse<String> created = api("ed", "POST", "/shares", "{\"source_id\": \"rehearsal.mp4\", \"password\": \"blue-heron\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String page = URI.create(JSON.readTree(created.body()).get("share_url").asText()).getPath();

        HttpResponse<String> wrong = grant(page, "{\"password\": \"red-heron\"}");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).isEqualTo("{\"ok\":false,\"reason\":\"wrong_password\"}");

        HttpResponse<String> twice = grant(page, "{\"password\": \"blue-heron\", \"password\": \"red-heron\"}");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(twice.body()).get("detail").asText()).contains("has a property twice");

        HttpResponse<String> right = grant(page, "{\"password\": \"blue-heron\"}");
        assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
        JsonNode granted = JSON.readTree(right.body());
        assertThat(granted.get("ok").asBoolean()).isTrue();
        assertThat(granted.get("grant_token").asText()).isNotEmpty();

        HttpResponse<String> status = client.send(HttpRequest.newBuilder(url(page + "/status"))
                .header("Authorization", "Bearer " + granted.get("grant_token").asText()).build(), BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(status.body()).get("status").asText()).isNotEqualTo("requires_password");
    }

    private HttpResponse<String> grant(String page, String json) throws Exception {
        return client.send(HttpRequest.newBuilder(url(page + "/grant")).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(json)).build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> api(String user, String method, String path, String json) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + user + "-demo").getBytes(UTF_8));
        return client.send(HttpRequest.newBuilder(url("/api" + path)).method(method, BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").header("Authorization", "Basic " + basic).build(), BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
