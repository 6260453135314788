package dev.clipshare.servlet.viewer;

import static dev.clipshare.servlet.viewer.Http.get;
import static dev.clipshare.servlet.viewer.Http.text;
import static dev.clipshare.servlet.viewer.ViewerHost.pagePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.Visibility;
import dev.clipshare.core.spi.MediaKey;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HLS playlists and segments, thumbnails, signed stream URLs and export versions. */
class MediaTest {
    private static ViewerHost host;

    @BeforeAll
    static void start() {
        host = new ViewerHost();
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
    }

    private static Map<String, Object> config(ShareDetails d, String... headers) {
        return MiniJson.object(new HtmlDoc(text(get(host.url(pagePath(d)), headers))).scripts().get(0));
    }

    @Test
    void publicHlsPlaylistPointsAtVersionedSegmentsThatServeWithRanges() throws Exception {
        ShareDetails d = host.readyShare();
        HttpResponse<byte[]> playlist = get(host.url(pagePath(d) + "/hls/index.m3u8?v=1"));
        assertThat(playlist.statusCode()).isEqualTo(200);
        assertThat(playlist.headers().firstValue("Content-Type")).hasValue("application/vnd.apple.mpegurl");
        List<String> uris = text(playlist).lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(uris).isNotEmpty().allSatisfy(u -> assertThat(u).matches("seg-\\d{5}\\.ts\\?v=1"));
        String first = uris.get(0);
        byte[] expected = Files.readAllBytes(TestMedia.get().hlsDir.resolve(first.substring(0, first.indexOf('?'))));
        HttpResponse<byte[]> segment = get(host.url(pagePath(d) + "/hls/" + first));
        assertThat(segment.statusCode()).isEqualTo(200);
        assertThat(segment.headers().firstValue("Content-Type")).hasValue("video/mp2t");
        assertThat(segment.body()).isEqualTo(expected);
        HttpResponse<byte[]> part = get(host.url(pagePath(d) + "/hls/" + first), "Range", "bytes=188-375");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(expected, 188, 376));
        assertThat(get(host.url(pagePath(d) + "/hls/seg-99999.ts")).statusCode()).isEqualTo(404);
    }

    @Test
    void privateHlsCarriesTheSignatureIntoEverySegmentAndARevokeEndsIt() {
        ShareDetails d = host.readyShare(b -> b.visibility(Visibility.PRIVATE));
        String hls = (String) config(d, "Cookie", "test-user=" + TestPolicy.VIEWER.id()).get("hls");
        assertThat(hls).startsWith(pagePath(d) + "/hls/index.m3u8?sig=s.");
        String sig = hls.substring(hls.indexOf("?sig=") + 5);
        HttpResponse<byte[]> playlist = get(host.url(hls));
        assertThat(playlist.statusCode()).isEqualTo(200);
        List<String> uris = text(playlist).lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(uris).allSatisfy(u -> assertThat(u).endsWith(".ts?sig=" + sig));
        String segment = host.url(pagePath(d) + "/hls/" + uris.get(0));
        assertThat(get(segment).statusCode()).as("signed, no session").isEqualTo(200);
        String unsigned = segment.substring(0, segment.indexOf('?'));
        assertThat(get(unsigned).statusCode()).isEqualTo(404);
        assertThat(get(host.url(pagePath(d) + "/hls/index.m3u8")).statusCode()).isEqualTo(404);

        ShareDetails other = host.readyShare(b -> b.visibility(Visibility.PRIVATE));
        assertThat(get(host.url(pagePath(other) + "/hls/index.m3u8?sig=" + sig)).statusCode()).as("another share's signature").isEqualTo(404);

        host.sharing.revokeShare(TestPolicy.EDITOR, d.id());
        assertThat(get(segment).statusCode()).isEqualTo(404);
        assertThat(get(host.url(hls)).statusCode()).isEqualTo(404);
    }

    @Test
    void signedStreamUrlsExpire() {
        ShareDetails d = host.readyShare(b -> b.visibility(Visibility.PRIVATE));
        String mp4 = (String) config(d, "Cookie", "test-user=" + TestPolicy.VIEWER.id()).get("mp4");
        assertThat(get(host.url(mp4)).statusCode()).isEqualTo(200);
        host.clock.advance(Duration.ofHours(12).plusMinutes(2));
        assertThat(get(host.url(mp4)).statusCode()).isEqualTo(404);
    }

    @Test
    void aSignedStreamUrlToASupersededVersionStopsAtTheEndOfTheReexportGrace() throws Exception {
        ShareDetails d = host.readyShare(b -> b.visibility(Visibility.PRIVATE));
        String mp4 = (String) config(d, "Cookie", "test-user=" + TestPolicy.VIEWER.id()).get("mp4");
        host.sharing.requestExport(TestPolicy.EDITOR, d.target(), null);
        host.completeExport(d.target(), job -> host.publishTestMedia(job.export().target(), job.export().version()));

        host.clock.advance(Duration.ofMinutes(2));
        HttpResponse<byte[]> within = get(host.url(mp4), "Range", "bytes=0-0");
        assertThat(within.statusCode()).as("a player that loaded v1 may finish").isEqualTo(206);
        assertThat(within.headers().firstValue("ETag").orElseThrow()).startsWith("\"v1-");

        host.clock.advance(Duration.ofSeconds(1));
        assertThat(get(host.url(mp4)).statusCode()).as("signed for 12 h, but the old cut is retired").isEqualTo(404);
        String fresh = (String) config(d, "Cookie", "test-user=" + TestPolicy.VIEWER.id()).get("mp4");
        assertThat(get(host.url(fresh), "Range", "bytes=0-0").headers().firstValue("ETag").orElseThrow()).startsWith("\"v2-");
    }

    @Test
    void thumbnailsOfPublicSharesAreServedDirectly() throws Exception {
        ShareDetails d = host.readyShare();
        HttpResponse<byte[]> thumb = get(host.url(pagePath(d) + "/thumbnail.jpg"));
        assertThat(thumb.statusCode()).isEqualTo(200);
        assertThat(thumb.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(thumb.body()).isEqualTo(Files.readAllBytes(TestMedia.get().thumbnail));
        ShareDetails protectedShare = host.readyShare(b -> b.password("blue-heron"));
        assertThat(get(host.url(pagePath(protectedShare) + "/thumbnail.jpg")).statusCode()).isEqualTo(404);
    }

    @Test
    void aPageKeepsPlayingTheVersionItStartedWithWhileNewPagesGetTheNewExport() throws Exception {
        ShareDetails d = host.readyShare();
        String v1 = host.url(pagePath(d) + "/clip.mp4?v=1");
        String etag1 = get(v1, "Range", "bytes=0-0").headers().firstValue("ETag").orElseThrow();
        host.sharing.requestExport(TestPolicy.EDITOR, d.target(), null);
        Path other = Files.createTempFile("clip-v2", ".mp4");
        Files.write(other, Arrays.copyOf(Files.readAllBytes(TestMedia.get().clip), 50_000));
        host.completeExport(d.target(), job -> {
            host.publishTestMedia(job.export().target(), job.export().version());
            host.media.publish(MediaKey.clip(job.export().target(), job.export().version()), other);
        });
        assertThat(get(v1, "Range", "bytes=0-0").headers().firstValue("ETag")).hasValue(etag1);
        assertThat(get(host.url(pagePath(d) + "/clip.mp4")).headers().firstValue("ETag")).hasValue("\"v2-50000\"");
        assertThat(new HtmlDoc(text(get(host.url(pagePath(d))))).byId("clipshare-video").orElseThrow().attr("src"))
                .endsWith("/clip.mp4?v=2");
        assertThat(get(host.url(pagePath(d) + "/clip.mp4?v=7")).headers().firstValue("ETag")).as("unknown version: the latest")
                .hasValue("\"v2-50000\"");

        // the old cut stays reachable only while a player that started on it may still be playing
        host.clock.advance(Duration.ofMinutes(2).plusSeconds(1)); // the default re-export grace
        assertThat(get(v1, "Range", "bytes=0-0").headers().firstValue("ETag")).as("superseded long ago: the latest")
                .hasValue("\"v2-50000\"");
    }

    @Test
    void assetsAreServedByTheFilterWithValidators() {
        HttpResponse<byte[]> hls = get(host.url("/s/assets/hls.light.min.js"));
        assertThat(hls.statusCode()).isEqualTo(200);
        assertThat(hls.headers().firstValue("Content-Type")).hasValue("text/javascript;charset=utf-8");
        assertThat(hls.body().length).isGreaterThan(100_000);
        String etag = hls.headers().firstValue("ETag").orElseThrow();
        assertThat(get(host.url("/s/assets/hls.light.min.js"), "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(get(host.url("/s/assets/player.js")).statusCode()).isEqualTo(200);
        assertThat(get(host.url("/s/assets/viewer.css")).headers().firstValue("Content-Type")).hasValue("text/css;charset=utf-8");
        assertThat(get(host.url("/s/assets/unknown.js")).statusCode()).isEqualTo(404);
    }
}
