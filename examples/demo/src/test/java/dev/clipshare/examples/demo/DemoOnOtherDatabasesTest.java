package dev.clipshare.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo on PostgreSQL and on MariaDB instead of its H2 file, as {@code CLIPSHARE_DB_URL} selects:
 * Clipshare's tables and the demo's own are created in a fresh database, and a moment of the
 * sample is shared and its page served. Uses the servers on loopback (127.0.0.1:5432, user
 * {@code postgres}; 127.0.0.1:3306, user {@code root}); without them the tests are skipped
 * visibly, and fail when {@code CI=true}.
 */
class DemoOnOtherDatabasesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theDemoRunsOnPostgreSql() throws Exception {
        runOn("jdbc:postgresql://127.0.0.1:5432/", "postgres", "postgres");
    }

    @Test
    void theDemoRunsOnMariaDb() throws Exception {
        runOn("jdbc:mariadb://127.0.0.1:3306/", "test", "root");
    }

    private static void runOn(String server, String adminDatabase, String user) throws Exception {
        String database = "clipshare_demo_" + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT);
        try (Connection admin = connect(server + adminDatabase, user); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        try (TestDemo demo = TestDemo.start(b -> b.database(server + database, user, "").sampleSeconds(3).sampleSize(320, 180))) {
            demo.awaitReady();
            Http http = new Http(demo.url());
            String owner = http.signIn("olivia");
            String editor = http.signIn("eddie");
            http.putJson("/api/libraries/studio/sharing", owner, "{\"sharing_enabled\": true}");
            JsonNode moment = JSON.readTree(http.postJson("/app/videos/sample/moments", editor,
                    "{\"name\": \"Start\", \"start_ms\": 0, \"end_ms\": 1500}").body());
            HttpResponse<String> share = http.postJson("/api/shares", editor, "{\"source_id\": \"sample\", \"segment_id\": \""
                    + moment.path("id").asString() + "\", \"range\": {\"start_ms\": 0, \"end_ms\": 1500}}");
            assertThat(share.statusCode()).as(share.body()).isEqualTo(201);
            String url = JSON.readTree(share.body()).path("share_url").asString();
            demo.await(d -> http.get(url, null).body().contains("id=\"clipshare-video\""), java.time.Duration.ofSeconds(60));
            assertThat(JSON.readTree(http.get("/app/videos/sample/moments", editor).body()).path("data").size()).isEqualTo(1);
        } finally {
            try (Connection admin = connect(server + adminDatabase, user); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE " + database);
            }
        }
    }

    private static Connection connect(String url, String user) throws SQLException {
        try {
            return DriverManager.getConnection(url, user, "");
        } catch (SQLException e) {
            String reason = "no database server at " + url + ": " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true and " + reason);
            }
            Assumptions.abort(reason + " (with CI=true this fails the build)");
            throw e;
        }
    }
}
