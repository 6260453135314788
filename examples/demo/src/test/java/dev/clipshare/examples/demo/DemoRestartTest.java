package dev.clipshare.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stopping the demo and starting it again on the same data folder: the keys made on the first
 * start are read back, so links made before still open (their tokens unseal), sign-ins still
 * hold, and the sample video is not made again.
 */
class DemoRestartTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private Path data;

    @AfterEach
    void cleanUp() {
        Browser.deleteTree(data);
    }

    @Test
    void theDatabaseFileIsOwnerOnlyAndAKilledExportsWorkFolderIsGoneAfterTheNextStart() throws Exception {
        data = Files.createTempDirectory("clipshare-demo-restart");
        Path killed = Files.createDirectories(data.resolve("work").resolve("exp-killed-1234abcd"));
        Files.writeString(killed.resolve("clip.mp4.partial"), "half an encode");
        DemoConfig config = DemoConfig.builder().port(0).dataDir(data).sampleSeconds(3).sampleSize(320, 180).bcryptCost(10).build();

        try (DemoApp app = DemoApp.start(config)) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(data.resolve("clipshare-demo.mv.db")))).isEqualTo("rw-------");
            // the export runner starts on the demo's media thread, just after the server
            TestDemo.await(app, a -> !Files.exists(killed));
            assertThat(killed).as("left by a killed export, cleaned at start though it is minutes old").doesNotExist();
        }
    }

    @Test
    void aRestartReusesTheKeysSoLinksAndSignInsKeepWorking() throws Exception {
        data = Files.createTempDirectory("clipshare-demo-restart");
        DemoConfig config = DemoConfig.builder().port(0).dataDir(data).sampleSeconds(3).sampleSize(320, 180).bcryptCost(10).build();

        String cookie;
        String link;
        String keys;
        try (DemoApp first = DemoApp.start(config)) {
            TestDemo.await(first, d -> "ready".equals(d.sampleStatus().orElse("")));
            Http http = new Http(first.url().toString());
            cookie = http.signIn("olivia");
            http.putJson("/api/libraries/studio/sharing", cookie, "{\"sharing_enabled\": true}");
            HttpResponse<String> share = http.postJson("/api/shares", cookie, "{\"source_id\": \"sample\", \"title\": \"Kept\"}");
            assertThat(share.statusCode()).isEqualTo(201);
            link = JSON.readTree(share.body()).path("share_url").asString();
            keys = Files.readString(data.resolve(DemoKeys.FILE));
        }

        try (DemoApp second = DemoApp.start(config)) {
            assertThat(second.sampleStatus()).as("the sample is not made again").hasValue("ready");
            assertThat(Files.readString(data.resolve(DemoKeys.FILE))).isEqualTo(keys);
            Http http = new Http(second.url().toString());
            assertThat(http.get("/", cookie).statusCode()).as("the sign-in cookie still holds").isEqualTo(200);

            JsonNode list = JSON.readTree(http.get("/api/shares?source_id=sample", cookie).body());
            JsonNode kept = list.path("data").get(0);
            String path = link.substring(link.indexOf("/s/"));
            assertThat(kept.path("share_url").asString()).as("the stored token unseals with the same key").endsWith(path);
            HttpResponse<String> page = http.get(path, null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).doesNotContain("clipshare-not-found");
        }
    }
}
