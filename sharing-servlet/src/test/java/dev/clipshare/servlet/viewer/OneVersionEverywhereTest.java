package dev.clipshare.servlet.viewer;

import static dev.clipshare.servlet.viewer.Http.get;
import static dev.clipshare.servlet.viewer.Http.text;
import static dev.clipshare.servlet.viewer.ViewerHost.pagePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.UnlockRequest;
import dev.clipshare.core.spi.MediaKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The share page, the viewer's status JSON and the management API take their media URLs from one
 * rule in the core, so after a re-export they all name the new version: a CDN that caches media
 * by URL can never keep one surface on the old cut.
 */
class OneVersionEverywhereTest {
    private static ViewerHost host;

    @BeforeAll
    static void start() {
        host = new ViewerHost(ViewerHost.Options.defaults().filter(f -> f.managementApi("/api")));
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
    }

    /** Completes a second export of the link's target whose clip is 50,000 bytes, so its ETag tells it apart. */
    private static void reExport(ShareDetails d) throws Exception {
        host.sharing.requestExport(TestPolicy.EDITOR, d.target(), null);
        Path other = Files.createTempFile("clip-v2", ".mp4");
        Files.write(other, Arrays.copyOf(Files.readAllBytes(TestMedia.get().clip), 50_000));
        host.completeExport(d.target(), job -> {
            host.publishTestMedia(job.export().target(), job.export().version());
            host.media.publish(MediaKey.clip(job.export().target(), job.export().version()), other);
        });
    }

    private static Map<String, Object> status(ShareDetails d, String... headers) {
        return MiniJson.object(text(get(host.url(pagePath(d) + "/status"), headers)));
    }

    private static Map<String, Object> api(ShareDetails d) {
        return MiniJson.object(text(get(host.url("/api/shares/" + d.id().value()), "Cookie", "test-user=" + TestPolicy.EDITOR.id())));
    }

    private static String pageVideoSrc(ShareDetails d, String... headers) {
        return new HtmlDoc(text(get(host.url(pagePath(d)), headers))).byId("clipshare-video").orElseThrow().attr("src");
    }

    private static String etagOf(String url) {
        return get(url, "Range", "bytes=0-0").headers().firstValue("ETag").orElse("none");
    }

    @Test
    void afterAReExportThePageTheStatusJsonAndTheApiAllNameTheNewVersion() throws Exception {
        ShareDetails d = host.readyShare();
        reExport(d);

        assertThat(pageVideoSrc(d)).as("the share page's player").endsWith("/clip.mp4?v=2");
        Map<String, Object> status = status(d);
        assertThat((String) status.get("mp4_url")).as("the status JSON's MP4").endsWith("/clip.mp4?v=2");
        assertThat((String) status.get("thumbnail_url")).as("the status JSON's thumbnail").endsWith("/thumbnail.jpg?v=2");
        assertThat((String) status.get("hls_url")).as("the status JSON's playlist").endsWith("/hls/index.m3u8?v=2");
        Map<String, Object> api = api(d);
        assertThat((String) api.get("stream_url")).as("the management API's stream URL").endsWith("/hls/index.m3u8?v=2");
        assertThat((String) api.get("thumbnail_url")).as("the management API's thumbnail").endsWith("/thumbnail.jpg?v=2");
        assertThat(etagOf((String) status.get("mp4_url"))).as("what the URL serves").isEqualTo("\"v2-50000\"");
    }

    @Test
    void aPasswordProtectedLinksSignedUrlsOnEverySurfaceServeTheNewVersion() throws Exception {
        ShareDetails d = host.readyShare(b -> b.password("blue-heron"));
        reExport(d);
        String grant = host.sharing.unlock(UnlockRequest.of(d.token().value(), "blue-heron")).value();

        String fromStatus = (String) status(d, "Authorization", "Bearer " + grant).get("mp4_url");
        String fromApi = (String) api(d).get("stream_url");
        assertThat(fromStatus).as("signed, not versioned in the clear").contains("?sig=").doesNotContain("v=");
        assertThat(etagOf(fromStatus)).as("the status JSON's signed MP4 serves version 2").isEqualTo("\"v2-50000\"");
        assertThat(fromApi).contains("/hls/index.m3u8?sig=");
        String segmentsOfApiPlaylist = text(get(fromApi));
        assertThat(segmentsOfApiPlaylist).as("the API's playlist is version 2's, its segments signed").contains("?sig=");
        String clipOfApiSignature = fromApi.replace("/hls/index.m3u8", "/clip.mp4");
        assertThat(etagOf(clipOfApiSignature)).as("the API's signature names version 2").isEqualTo("\"v2-50000\"");
    }
}
