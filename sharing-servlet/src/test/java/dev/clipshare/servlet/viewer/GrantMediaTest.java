package dev.clipshare.servlet.viewer;

import static dev.clipshare.servlet.viewer.Http.get;
import static dev.clipshare.servlet.viewer.Http.text;
import static dev.clipshare.servlet.viewer.JsonClient.grantToken;
import static dev.clipshare.servlet.viewer.JsonClient.json;
import static dev.clipshare.servlet.viewer.JsonClient.status;
import static dev.clipshare.servlet.viewer.ViewerHost.pagePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.ShareUpdate;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The grant from {@code POST /s/{token}/grant} as {@code Authorization: Bearer} or {@code ?grant=}
 * on the media of a password-protected link (the MP4 with ranges, the HLS playlist and its
 * segments, the thumbnail, the download), and every way a grant stops opening them.
 */
class GrantMediaTest {
    private static final String PASSWORD = "blue-heron";
    private static ViewerHost host;
    private static byte[] clip;

    @BeforeAll
    static void start() throws Exception {
        host = new ViewerHost();
        clip = Files.readAllBytes(TestMedia.get().clip);
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
    }

    private static ShareDetails protectedShare() {
        return host.readyShare(b -> b.password(PASSWORD).allowDownload(true));
    }

    private static String bearer(String grant) {
        return "Bearer " + grant;
    }

    /** The clip's first 100 bytes with the grant as a header, as a parameter, and without it. */
    private static void assertClip(ShareDetails d, String grant, int expected) {
        String url = host.url(pagePath(d) + "/clip.mp4");
        HttpResponse<byte[]> header = get(url, "Authorization", bearer(grant), "Range", "bytes=0-99");
        HttpResponse<byte[]> param = get(url + "?grant=" + grant, "Range", "bytes=0-99");
        assertThat(header.statusCode()).as("header").isEqualTo(expected);
        assertThat(param.statusCode()).as("parameter").isEqualTo(expected);
        if (expected == 206) {
            assertThat(header.body()).isEqualTo(Arrays.copyOf(clip, 100));
            assertThat(param.body()).isEqualTo(Arrays.copyOf(clip, 100));
            assertThat(header.headers().firstValue("Content-Range")).hasValue("bytes 0-99/" + clip.length);
        }
    }

    @Test
    void theGrantOpensTheMp4WithRangesAsHeaderOrParameterAndNothingElseDoes() {
        ShareDetails d = protectedShare();
        String grant = grantToken(host, d, PASSWORD);
        assertClip(d, grant, 206);
        String url = host.url(pagePath(d) + "/clip.mp4");
        HttpResponse<byte[]> whole = get(url, "Authorization", bearer(grant));
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(clip);
        assertThat(whole.headers().firstValue("Cache-Control")).hasValue("private, no-cache");
        HttpResponse<byte[]> tail = get(url + "?grant=" + grant, "Range", "bytes=-50");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(clip, clip.length - 50, clip.length));
        assertThat(get(url, "Authorization", "bearer " + grant, "Range", "bytes=0-0").statusCode())
                .as("the scheme is case-insensitive").isEqualTo(206);
        assertThat(get(url).statusCode()).isEqualTo(404);
        assertThat(get(url, "Authorization", "Basic " + grant).statusCode()).isEqualTo(404);
    }

    @Test
    void theGrantOpensTheThumbnail() throws Exception {
        ShareDetails d = protectedShare();
        String grant = grantToken(host, d, PASSWORD);
        String url = host.url(pagePath(d) + "/thumbnail.jpg");
        byte[] expected = Files.readAllBytes(TestMedia.get().thumbnail);
        for (HttpResponse<byte[]> r : List.of(get(url, "Authorization", bearer(grant)), get(url + "?grant=" + grant))) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("image/jpeg");
            assertThat(r.body()).isEqualTo(expected);
        }
        assertThat(get(url).statusCode()).isEqualTo(404);
    }

    @Test
    void theHlsPlaylistOpenedWithTheGrantSignsItsSegmentsSoThePlayerNeedsNothingMore() throws Exception {
        ShareDetails d = protectedShare();
        String grant = grantToken(host, d, PASSWORD);
        String playlist = host.url(pagePath(d) + "/hls/index.m3u8");
        for (HttpResponse<byte[]> r : List.of(get(playlist, "Authorization", bearer(grant)), get(playlist + "?grant=" + grant))) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/vnd.apple.mpegurl");
            assertThat(text(r)).as("the grant itself is never written into URLs").doesNotContain(grant).doesNotContain("grant=");
            List<String> uris = text(r).lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
            assertThat(uris).isNotEmpty().allSatisfy(u -> assertThat(u).matches("seg-\\d{5}\\.ts\\?sig=s\\.[A-Za-z0-9._-]+"));
            String first = uris.get(0);
            byte[] expected = Files.readAllBytes(TestMedia.get().hlsDir.resolve(first.substring(0, first.indexOf('?'))));
            HttpResponse<byte[]> segment = get(host.url(pagePath(d) + "/hls/" + first));
            assertThat(segment.statusCode()).as("a segment, no header, no grant").isEqualTo(200);
            assertThat(segment.body()).isEqualTo(expected);
            HttpResponse<byte[]> part = get(host.url(pagePath(d) + "/hls/" + first), "Range", "bytes=188-375");
            assertThat(part.statusCode()).isEqualTo(206);
            assertThat(part.body()).isEqualTo(Arrays.copyOfRange(expected, 188, 376));
        }
        assertThat(get(playlist).statusCode()).isEqualTo(404);
        assertThat(get(host.url(pagePath(d) + "/hls/seg-00000.ts")).statusCode()).isEqualTo(404);
        assertThat(get(host.url(pagePath(d) + "/hls/seg-00000.ts"), "Authorization", bearer(grant)).statusCode())
                .as("a segment with the header").isEqualTo(200);
    }

    @Test
    void theGrantOpensTheDownloadThroughAFreshShortLivedUrl() {
        ShareDetails d = protectedShare();
        String grant = grantToken(host, d, PASSWORD);
        String download = host.url(pagePath(d) + "/download");
        for (HttpResponse<byte[]> redirect : List.of(get(download, "Authorization", bearer(grant)), get(download + "?grant=" + grant))) {
            assertThat(redirect.statusCode()).isEqualTo(303);
            String signed = redirect.headers().firstValue("Location").orElseThrow();
            assertThat(signed).startsWith(download + "?sig=d.").doesNotContain(grant);
            HttpResponse<byte[]> file = get(signed);
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.body()).isEqualTo(clip);
            assertThat(file.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).startsWith("attachment;"));
        }
        assertThat(get(download).statusCode()).isEqualTo(404);
    }

    @Test
    void aRevokeEndsTheGrant() {
        ShareDetails d = protectedShare();
        String grant = grantToken(host, d, PASSWORD);
        assertClip(d, grant, 206);
        host.sharing.revokeShare(TestPolicy.EDITOR, d.id());
        assertClip(d, grant, 404);
        assertThat(get(host.url(pagePath(d) + "/thumbnail.jpg"), "Authorization", bearer(grant)).statusCode()).isEqualTo(404);
        assertThat(get(host.url(pagePath(d) + "/hls/index.m3u8?grant=" + grant)).statusCode()).isEqualTo(404);
        assertThat(json(status(host, d, "Authorization", bearer(grant)))).containsEntry("status", "missing");
        assertThat(host.sharing.verifyGrant(grant)).isEmpty();
    }

    @Test
    void aDeleteEndsTheGrant() {
        ShareDetails d = protectedShare();
        String grant = grantToken(host, d, PASSWORD);
        host.sharing.deleteShare(TestPolicy.EDITOR, d.id());
        assertClip(d, grant, 404);
        assertThat(get(host.url(pagePath(d) + "/download"), "Authorization", bearer(grant)).statusCode()).isEqualTo(404);
        assertThat(host.sharing.verifyGrant(grant)).isEmpty();
    }

    @Test
    void aPasswordChangeEndsTheGrant() {
        ShareDetails d = protectedShare();
        String grant = grantToken(host, d, PASSWORD);
        String segmentPlaylist = text(get(host.url(pagePath(d) + "/hls/index.m3u8"), "Authorization", bearer(grant)));
        String segment = segmentPlaylist.lines().filter(l -> l.startsWith("seg-")).findFirst().orElseThrow();
        host.sharing.updateShare(TestPolicy.EDITOR, d.id(), ShareUpdate.builder().password("new-password").build());
        assertClip(d, grant, 404);
        assertThat(get(host.url(pagePath(d) + "/thumbnail.jpg?grant=" + grant)).statusCode()).isEqualTo(404);
        assertThat(get(host.url(pagePath(d) + "/hls/" + segment)).statusCode()).as("its signed segments too").isEqualTo(404);
        assertThat(json(status(host, d, "Authorization", bearer(grant)))).containsEntry("status", "requires_password");
        assertThat(host.sharing.verifyGrant(grant)).isEmpty();
        assertClip(d, grantToken(host, d, "new-password"), 206);
    }

    @Test
    void aGrantEndsAfter24HoursAndTheToleratedClockSkew() {
        ShareDetails d = protectedShare();
        String grant = grantToken(host, d, PASSWORD);
        host.clock.advance(Duration.ofHours(24));
        assertClip(d, grant, 206);
        host.clock.advance(Duration.ofSeconds(61)); // 60 s of skew are tolerated between nodes
        assertClip(d, grant, 404);
        assertThat(get(host.url(pagePath(d) + "/thumbnail.jpg"), "Authorization", bearer(grant)).statusCode()).isEqualTo(404);
        assertThat(json(status(host, d, "Authorization", bearer(grant)))).containsEntry("status", "requires_password");
        assertThat(host.sharing.verifyGrant(grant)).isEmpty();
    }

    @Test
    void aGrantOpensOnlyItsOwnLink() {
        ShareDetails a = protectedShare();
        ShareDetails b = protectedShare();
        String grantA = grantToken(host, a, PASSWORD);
        assertClip(a, grantA, 206);
        assertClip(b, grantA, 404);
        assertThat(get(host.url(pagePath(b) + "/thumbnail.jpg"), "Authorization", bearer(grantA)).statusCode()).isEqualTo(404);
        assertThat(get(host.url(pagePath(b) + "/hls/index.m3u8?grant=" + grantA)).statusCode()).isEqualTo(404);
        assertThat(json(status(host, b, "Authorization", bearer(grantA)))).containsEntry("status", "requires_password");
    }

    @Test
    void tamperedOrForgedGrantsOpenNothing() {
        ShareDetails d = protectedShare();
        String grant = grantToken(host, d, PASSWORD);
        char last = grant.charAt(grant.length() - 1);
        String stream = (String) json(status(host, d, "Authorization", bearer(grant))).get("mp4_url");
        int middle = grant.length() - 20; // inside the MAC
        List<String> forged = List.of(
                grant.substring(0, grant.length() - 1) + (last == 'A' ? 'B' : 'A'),
                grant.substring(0, middle) + (grant.charAt(middle) == 'x' ? 'y' : 'x') + grant.substring(middle + 1),
                grant.replaceFirst("^g\\.([^.]+)\\.(\\d+)\\.", "g.$1.9."),
                grant.replaceFirst("^g\\.([^.]+)\\.(\\d+)\\.(\\d+)\\.(\\d+)\\.", "g.$1.$2.$3.9999999999."),
                "s" + grant.substring(1),
                stream.substring(stream.indexOf("sig=") + 4),
                grant + "x");
        for (String f : forged) {
            assertClip(d, f, 404);
            assertThat(get(host.url(pagePath(d) + "/thumbnail.jpg"), "Authorization", bearer(f)).statusCode()).as(f).isEqualTo(404);
            assertThat(host.sharing.verifyGrant(f)).as(f).isEmpty();
        }
    }
}
