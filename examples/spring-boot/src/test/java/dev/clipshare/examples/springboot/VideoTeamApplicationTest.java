package dev.clipshare.examples.springboot;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The example app on a real Tomcat on a random port, with its real security, database, export
 * runner and filter: people share a video the way the app's users would, over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "clipshare.public-base-url=https://video.example.test",
        "videoteam.videos=target/test-videos",
        "clipshare.media.directory=target/test-media",
        "clipshare.export.work-directory=target/test-exports"})
class VideoTeamApplicationTest {
    private static final String VIDEO = "rehearsal.mp4";
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    private final HttpClient anonymous = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Two seconds of a moving test pattern with a tone, made by the ffmpeg inside the bytedeco jar. */
    @BeforeAll
    static void sampleVideo() throws IOException, InterruptedException {
        Path video = Path.of("target", "test-videos", VIDEO);
        if (Files.isRegularFile(video)) {
            return;
        }
        Files.createDirectories(video.getParent());
        Path partial = Path.of("target", "partial-" + VIDEO);
        Process ffmpeg = new ProcessBuilder(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class), "-v", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=" + WIDTH + "x" + HEIGHT + ":rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440", "-t", "2",
                "-c:v", "libopenh264", "-pix_fmt", "yuv420p", "-c:a", "aac", partial.toString())
                .redirectErrorStream(true).start();
        String output = new String(ffmpeg.getInputStream().readAllBytes(), UTF_8);
        assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS) && ffmpeg.exitValue() == 0).as(output).isTrue();
        Files.move(partial, video, StandardCopyOption.REPLACE_EXISTING);
    }

    @BeforeEach
    void leadTurnsSharingOn() throws Exception {
        HttpResponse<String> on = api("lena", "PUT", "/libraries/team/sharing", "{\"sharing_enabled\": true}");
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
    }

    @Test
    void editorSharesAVideoThenAnyoneWithTheLinkWatchesIt() throws Exception {
        HttpResponse<String> signedOut = api(null, "GET", "/shares?source_id=" + VIDEO, null);
        assertThat(signedOut.statusCode()).isEqualTo(401);
        assertThat(signedOut.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(signedOut.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(signedOut.body()).get("type").asText()).isEqualTo("https://clipshare.dev/problems/unauthorized");
        assertThat(signedOut.headers().firstValue("Set-Cookie")).as("a refused API call starts no session").isEmpty();
        HttpResponse<String> byMember = api("max", "POST", "/shares", "{\"source_id\": \"" + VIDEO + "\"}");
        assertThat(byMember.statusCode()).as(byMember.body()).isEqualTo(403);

        String shareUrl = shareAndAwaitExport("{\"source_id\": \"" + VIDEO + "\", \"title\": \"Rehearsal, take 2\"}");
        assertThat(shareUrl).startsWith("https://video.example.test/s/");
        String page = URI.create(shareUrl).getPath();

        HttpResponse<String> card = anonymous.send(get(page).build(), BodyHandlers.ofString());
        assertThat(card.statusCode()).isEqualTo(200);
        assertThat(meta(card.body(), "og:title")).isEqualTo("Rehearsal, take 2");
        assertThat(meta(card.body(), "og:video")).isEqualTo(shareUrl + "/clip.mp4");
        assertThat(meta(card.body(), "og:video:type")).isEqualTo("video/mp4");
        assertThat(meta(card.body(), "og:video:width")).isEqualTo(Integer.toString(WIDTH));
        assertThat(meta(card.body(), "og:video:height")).isEqualTo(Integer.toString(HEIGHT));
        assertThat(card.headers().firstValue("Set-Cookie")).as("no session for an anonymous viewer").isEmpty();
        assertThat(card.headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(card.headers().allValues("X-Frame-Options")).containsExactly("DENY");
        assertThat(card.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");

        HttpResponse<byte[]> range = anonymous.send(get(page + "/clip.mp4").header("Range", "bytes=0-1023").build(),
                BodyHandlers.ofByteArray());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(range.headers().allValues("Cache-Control")).as("Clipshare's, not Spring's").containsExactly("no-cache");
        assertThat(range.headers().firstValue("Content-Range")).hasValueSatisfying(v -> assertThat(v).matches("bytes 0-1023/\\d+"));
        assertThat(range.body()).hasSize(1024);
        assertThat(new String(range.body(), 4, 4, UTF_8)).isEqualTo("ftyp");

        HttpResponse<String> embed = anonymous.send(get(page + "?layout=minimal").build(), BodyHandlers.ofString());
        assertThat(embed.statusCode()).isEqualTo(200);
        assertThat(embed.headers().firstValue("X-Frame-Options")).as("Spring Security's X-Frame-Options is off on share pages").isEmpty();
        assertThat(embed.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).endsWith("frame-ancestors https:"));
    }

    @Test
    void privateLinkSendsASignedOutVisitorToSignInThenBackToTheClip() throws Exception {
        String shareUrl = shareAndAwaitExport(
                "{\"source_id\": \"" + VIDEO + "\", \"visibility\": \"private\", \"title\": \"Team only\"}");
        String page = URI.create(shareUrl).getPath();
        HttpResponse<String> signedOut = anonymous.send(get(page).build(), BodyHandlers.ofString());
        assertThat(signedOut.statusCode()).isEqualTo(303);
        assertThat(signedOut.headers().firstValue("Location")).hasValue("/signin?next=" + URLEncoder.encode(page, UTF_8));

        HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).build();

        HttpResponse<String> signIn = browser.send(get(page).header("Accept", "text/html").build(), BodyHandlers.ofString());
        assertThat(signIn.uri().getPath()).isEqualTo("/login");
        Matcher csrf = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"").matcher(signIn.body());
        assertThat(csrf.find()).as(signIn.body()).isTrue();

        HttpResponse<String> back = browser.send(HttpRequest.newBuilder(url("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(BodyPublishers.ofString("username=max&password=max-demo&_csrf=" + URLEncoder.encode(csrf.group(1), UTF_8)))
                .build(), BodyHandlers.ofString());
        assertThat(back.uri().getPath()).isEqualTo(page);
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.body()).contains("<title>Team only");
    }

    /** The editor creates a link (which queues the export); returns its URL once the export completed. */
    private String shareAndAwaitExport(String body) throws Exception {
        HttpResponse<String> created = api("ed", "POST", "/shares", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode share = JSON.readTree(created.body());
        String id = share.get("id").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode now = JSON.readTree(api("ed", "GET", "/shares/" + id, null).body());
            assertThat(now.get("status").asText()).as(now.toString()).isNotEqualTo("failed");
            return now.get("status").asText().equals("completed");
        });
        return share.get("share_url").asText();
    }

    private HttpResponse<String> api(String user, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url("/api" + path))
                .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            String password = user + "-demo";
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8)));
        }
        return anonymous.send(request.build(), BodyHandlers.ofString());
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(url(path)).GET();
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** The content of a {@code <meta property=...>} tag, HTML entities undone. */
    private static String meta(String html, String property) {
        Matcher m = Pattern.compile("<meta property=\"" + Pattern.quote(property) + "\" content=\"([^\"]*)\">").matcher(html);
        assertThat(m.find()).as("meta " + property + " in\n" + html).isTrue();
        return m.group(1).replace("&#x2F;", "/").replace("&#61;", "=").replace("&#39;", "'").replace("&quot;", "\"")
                .replace("&amp;", "&");
    }
}
