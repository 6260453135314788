package dev.clipshare.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo over HTTP, as a browser or {@code curl} sees it: signing in and out, who may do what
 * (the demo's {@link DemoAccessPolicy} behind Clipshare's API and pages), the host's own moments,
 * source videos for members only, and uploads that are checked, size-limited and refused with a
 * clear message when bad. One demo, started once, uploads limited to 1 MB.
 */
class DemoAppTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static TestDemo demo;
    private static Http http;
    private static String owner;
    private static String editor;
    private static String viewer;
    private static String outsider;

    @BeforeAll
    static void start() {
        demo = TestDemo.start(b -> b.uploadMaxMb(1).sampleSize(320, 180)).awaitReady();
        http = new Http(demo.url());
        owner = http.signIn("olivia");
        editor = http.signIn("eddie");
        viewer = http.signIn("vera");
        outsider = http.signIn("nora");
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    // ------------------------------------------------------------------ signing in

    @Test
    void aSignedOutVisitorIsSentToSignInAndComesBackWhereTheyWereGoing() {
        HttpResponse<String> page = http.get("/videos/sample", null);
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/signin?next=%2Fvideos%2Fsample"));

        HttpResponse<String> signIn = http.postForm("/signin", null, Map.of("user", "eddie", "next", "/videos/sample"));
        assertThat(signIn.statusCode()).isEqualTo(303);
        assertThat(signIn.headers().firstValue("Location")).hasValue("/videos/sample");
        assertThat(signIn.headers().allValues("Set-Cookie")).anySatisfy(c ->
                assertThat(c).startsWith(SignIn.COOKIE + "=eddie.").contains("HttpOnly").contains("SameSite=Lax").contains("Path=/"));

        HttpResponse<String> back = http.get("/videos/sample", Http.cookie(signIn).orElseThrow());
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.body()).contains("Mark a moment").contains("Eddie Ellis");
        assertThat(back.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
    }

    @Test
    void signInNeverRedirectsToAnotherSite() {
        for (String next : List.of("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)")) {
            HttpResponse<String> r = http.postForm("/signin", null, Map.of("user", "vera", "next", next));
            assertThat(r.headers().firstValue("Location")).as(next).hasValue("/");
        }
    }

    @Test
    void aForgedSignInCookieIsNobody() {
        String forged = SignIn.COOKIE + "=olivia." + (System.currentTimeMillis() / 1000) + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assertThat(http.get("/", forged).statusCode()).isEqualTo(302);
        assertThat(http.get("/api/libraries/studio/sharing", forged).statusCode()).isEqualTo(401);
        String tampered = editor.replace("eddie.", "olivia.");
        assertThat(http.get("/api/libraries/studio/sharing", tampered).statusCode()).isEqualTo(401);
    }

    @Test
    void signingOutEndsTheSignIn() {
        HttpResponse<String> r = http.postForm("/signout", viewer, Map.of());
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith(SignIn.COOKIE + "=;").contains("Max-Age=0"));
    }

    // ------------------------------------------------------------------ roles, through Clipshare's API

    @Test
    void onlyTheOwnerTurnsSharingOnAndEveryMemberSeesTheSwitch() {
        String on = "{\"sharing_enabled\": true}";
        HttpResponse<String> byViewer = http.putJson("/api/libraries/studio/sharing", viewer, on);
        assertThat(byViewer.statusCode()).isEqualTo(403);
        assertThat(json(byViewer).path("type").asString()).isEqualTo("https://clipshare.dev/problems/forbidden");
        assertThat(http.putJson("/api/libraries/studio/sharing", editor, on).statusCode()).isEqualTo(403);
        assertThat(http.putJson("/api/libraries/studio/sharing", outsider, on).statusCode()).isEqualTo(404);

        assertThat(http.putJson("/api/libraries/studio/sharing", owner, on).statusCode()).isEqualTo(200);
        assertThat(json(http.get("/api/libraries/studio/sharing", viewer)).path("sharing_enabled").asBoolean()).isTrue();
        assertThat(http.get("/settings", viewer).body()).contains("Only the owner or an admin can change this. You are a viewer of Studio.");
    }

    @Test
    void sourceVideosAreForMembersOnlyAndServedWithRanges() {
        assertThat(http.getBytes("/media/sample.mp4", null, "bytes=0-99").statusCode()).isEqualTo(404);
        assertThat(http.getBytes("/media/sample.mp4", outsider, "bytes=0-99").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> part = http.getBytes("/media/sample.mp4", viewer, "bytes=0-99");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).hasSize(100);
        assertThat(http.getBytes("/media/sample.jpg", viewer, null).headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(http.getBytes("/media/keys.properties", owner, null).statusCode()).isEqualTo(404);
        assertThat(http.get("/videos/sample", outsider).statusCode()).isEqualTo(404);
    }

    @Test
    void momentsAreTheHostsOwnDataAndOnlyEditorsMarkThem() {
        String path = "/app/videos/sample/moments";
        String moment = "{\"name\": \"Opening\", \"start_ms\": 1000, \"end_ms\": 4000}";
        assertThat(http.postJson(path, viewer, moment).statusCode()).isEqualTo(403);
        assertThat(http.postJson(path, outsider, moment).statusCode()).isEqualTo(404);
        assertThat(http.postJson(path, null, moment).statusCode()).isEqualTo(401);

        HttpResponse<String> backwards = http.postJson(path, editor, "{\"name\": \"Oops\", \"start_ms\": 4000, \"end_ms\": 1000}");
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(json(backwards).path("detail").asString()).isEqualTo("The end must come after the start.");
        HttpResponse<String> unnamed = http.postJson(path, editor, "{\"name\": \" \", \"start_ms\": 0, \"end_ms\": 1000}");
        assertThat(json(unnamed).path("detail").asString()).isEqualTo("Give the moment a name of 1 to 100 characters.");
        HttpResponse<String> outside = http.postJson(path, editor, "{\"name\": \"Late\", \"start_ms\": 60000, \"end_ms\": 61000}");
        assertThat(json(outside).path("detail").asString()).startsWith("The start must lie within the video");

        HttpResponse<String> created = http.postJson(path, editor, moment);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode m = json(created);
        assertThat(m.path("id").asString()).startsWith("m-");
        assertThat(m.path("created_by").path("name").asString()).isEqualTo("Eddie Ellis");
        JsonNode list = json(http.get(path, viewer));
        assertThat(list.path("data").values()).anySatisfy(x -> assertThat(x.path("id").asString()).isEqualTo(m.path("id").asString()));
    }

    @Test
    void aPrivateLinkSendsASignedOutVisitorToSignInAndIsNotFoundForANonMember() {
        http.putJson("/api/libraries/studio/sharing", owner, "{\"sharing_enabled\": true}");
        JsonNode moment = json(http.postJson("/app/videos/sample/moments", editor,
                "{\"name\": \"Members only\", \"start_ms\": 0, \"end_ms\": 2000}"));
        HttpResponse<String> created = http.postJson("/api/shares", editor, "{\"source_id\": \"sample\", \"segment_id\": \""
                + moment.path("id").asString() + "\", \"range\": {\"start_ms\": 0, \"end_ms\": 2000}, \"visibility\": \"private\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String url = json(created).path("share_url").asString();
        String page = url.substring(demo.url().length());

        HttpResponse<String> signedOut = http.get(page, null);
        assertThat(signedOut.statusCode()).isBetween(302, 303);
        assertThat(signedOut.headers().firstValue("Location")).hasValueSatisfying(l ->
                assertThat(l).endsWith("/signin?next=" + page.replace("/", "%2F")));
        assertThat(http.get("/signin?next=" + page.replace("/", "%2F"), null).body())
                .contains("The link you opened is for members of the library only");

        HttpResponse<String> stranger = http.get(page, outsider);
        HttpResponse<String> neverIssued = http.get("/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", outsider);
        assertThat(stranger.statusCode()).isEqualTo(404);
        assertThat(stranger.body()).isEqualTo(neverIssued.body());

        assertThat(http.get(page, viewer).statusCode()).as("a member of the library").isEqualTo(200);
    }

    // ------------------------------------------------------------------ uploads

    @Test
    void aFileThatIsNotAVideoIsRefusedWithAClearMessageAndNotKept() throws IOException {
        List<String> before = videoFiles();
        HttpResponse<String> r = http.upload(editor, "Holiday", "holiday.mp4", "this is not a video".getBytes());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\u201choliday.mp4\u201d was not added. This file is not a video FFmpeg can read, or it is damaged.");
        assertThat(videoFiles()).isEqualTo(before);
    }

    @Test
    void anAudioFileIsAcceptedWithAWaveformPosterAndCanBeShared() throws Exception {
        Path audio = Files.createTempFile("clipshare-demo-audio", ".m4a");
        try {
            VideoProbe.Result made = VideoProbe.run(List.of(VideoProbe.ffmpeg(), "-v", "error", "-y", "-f", "lavfi", "-i",
                    "sine=frequency=220:duration=1", "-c:a", "aac", audio.toString()), 60);
            assertThat(made.exit()).as(made.output()).isZero();
            VideoProbe.Facts facts = VideoProbe.probe(audio);
            assertThat(facts.audioOnly()).as("ffprobe finds sound and no picture").isTrue();
            assertThat(facts.videoCodec()).isEqualTo("aac");

            HttpResponse<String> r = http.upload(editor, "Song", "song.m4a", Files.readAllBytes(audio));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
            String id = r.headers().firstValue("Location").orElseThrow().substring("/videos/".length());
            assertThat(http.getBytes("/media/" + id + ".jpg", viewer, null).statusCode()).as("a waveform poster was made").isEqualTo(200);
            http.putJson("/api/libraries/studio/sharing", owner, "{\"sharing_enabled\": true}");
            HttpResponse<String> share = http.postJson("/api/shares", editor, "{\"source_id\": \"" + id + "\"}");
            assertThat(share.statusCode()).as(share.body()).isEqualTo(201);
        } finally {
            Files.deleteIfExists(audio);
        }
    }

    @Test
    void anUploadOverTheLimitIsRefusedAsTooLarge() {
        HttpResponse<String> r = http.upload(editor, "Big", "big.mp4", new byte[1024 * 1024 + 70 * 1024]);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("That file is too large: uploads may be at most 1 MB.");
    }

    @Test
    void viewersCannotUpload() throws IOException {
        HttpResponse<String> r = http.upload(viewer, "Mine", "mine.mp4", Files.readAllBytes(demo.dataDir.resolve("videos/sample.mp4")));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(http.get("/", viewer).body()).doesNotContain("Upload a video");
    }

    @Test
    void anUploadedVideoGetsItsOwnPageAndCanBeShared() throws IOException {
        byte[] video = Files.readAllBytes(demo.dataDir.resolve("videos/sample.mp4"));
        HttpResponse<String> r = http.upload(editor, "", "Team_meeting.mp4", video);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        String page = r.headers().firstValue("Location").orElseThrow();
        assertThat(page).matches("/videos/v-[a-z0-9]{10}");
        String id = page.substring("/videos/".length());

        assertThat(http.get(page, viewer).body()).contains("<h1>Team meeting</h1>").contains("320\u00d7180");
        assertThat(http.get("/", viewer).body()).contains("Team meeting");
        HttpResponse<byte[]> media = http.getBytes("/media/" + id + ".mp4", viewer, null);
        assertThat(media.statusCode()).isEqualTo(200);
        assertThat(media.body()).isEqualTo(video);
        assertThat(http.getBytes("/media/" + id + ".jpg", viewer, null).statusCode()).as("a poster was made").isEqualTo(200);

        http.putJson("/api/libraries/studio/sharing", owner, "{\"sharing_enabled\": true}");
        HttpResponse<String> share = http.postJson("/api/shares", editor, "{\"source_id\": \"" + id + "\"}");
        assertThat(share.statusCode()).as(share.body()).isEqualTo(201);
        assertThat(json(share).path("library_id").asString()).isEqualTo("studio");
    }

    private static List<String> videoFiles() throws IOException {
        try (Stream<Path> files = Files.list(demo.dataDir.resolve("videos"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ------------------------------------------------------------------ start-up problems

    @Test
    void aBusyPortIsToldPlainly() {
        DemoConfig same = DemoConfig.builder().port(demo.app.port()).dataDir(demo.dataDir.resolveSibling(demo.dataDir.getFileName() + "-2"))
                .sampleSeconds(0).build();
        try {
            assertThatThrownBy(() -> DemoApp.start(same))
                    .isInstanceOf(DemoApp.PortInUseException.class)
                    .hasMessageStartingWith("Port " + demo.app.port() + " on 127.0.0.1 is already in use")
                    .hasMessageContaining("PORT=0 for any free port");
        } finally {
            Browser.deleteTree(same.dataDir());
        }
    }
}
