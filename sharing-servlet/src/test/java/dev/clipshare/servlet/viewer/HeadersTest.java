package dev.clipshare.servlet.viewer;

import static dev.clipshare.servlet.viewer.Http.get;
import static dev.clipshare.servlet.viewer.Http.head;
import static dev.clipshare.servlet.viewer.ViewerHost.pagePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.ShareToken;
import dev.clipshare.core.UnlockRequest;
import dev.clipshare.core.Visibility;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The security headers on every kind of answer the filter gives. */
class HeadersTest {
    private static final String NO_FRAMES = "frame-ancestors 'none'";
    private static ViewerHost host;

    @BeforeAll
    static void start() {
        host = new ViewerHost();
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
    }

    private static void assertCommon(String what, HttpResponse<byte[]> r) {
        assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
        assertThat(r.headers().firstValue("X-Robots-Tag")).as(what).hasValue("noindex, nofollow");
    }

    private static void assertPage(String what, HttpResponse<byte[]> r, boolean framable) {
        assertCommon(what, r);
        assertThat(r.headers().firstValue("Cache-Control")).as(what).hasValue("no-store");
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow(() -> new AssertionError(what + ": no CSP"));
        assertThat(csp).as(what).contains("default-src 'none'").contains("script-src 'self'").doesNotContain("unsafe-inline");
        if (framable) {
            assertThat(csp).as(what).endsWith("frame-ancestors http://localhost:" + host.port);
            assertThat(r.headers().firstValue("X-Frame-Options")).as(what).isEmpty();
        } else {
            assertThat(csp).as(what).endsWith(NO_FRAMES);
            assertThat(r.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
        }
    }

    @Test
    void everyPageKindIsUncachedUnindexedUnsniffedAndUnframable() {
        ShareDetails ready = host.readyShare();
        ShareDetails pending = host.pendingShare(b -> b);
        ShareDetails protectedShare = host.readyShare(b -> b.password("blue-heron"));
        ShareDetails locked = host.readyShare(b -> b.password("blue-heron"));
        for (int i = 0; i < 5; i++) {
            try {
                host.sharing.unlock(UnlockRequest.of(locked.token().value(), "wrong"));
            } catch (RuntimeException expected) {
                // counting towards the lock
            }
        }
        ShareDetails expiring = host.readyShare(b -> b.expiresAt(host.clock.instant().plus(Duration.ofMinutes(1))));
        ShareDetails privateShare = host.readyShare(b -> b.visibility(Visibility.PRIVATE));
        Map<String, HttpResponse<byte[]>> pages = new LinkedHashMap<>();
        pages.put("ready", get(host.url(pagePath(ready))));
        pages.put("ready HEAD", head(host.url(pagePath(ready))));
        pages.put("processing", get(host.url(pagePath(pending))));
        pages.put("password", get(host.url(pagePath(protectedShare))));
        pages.put("password minimal", get(host.url(pagePath(protectedShare) + "?layout=minimal")));
        pages.put("locked", get(host.url(pagePath(locked))));
        pages.put("not found", get(host.url("/s/" + ShareToken.generate().value())));
        pages.put("private minimal for a member", get(host.url(pagePath(privateShare) + "?layout=minimal"), "Cookie", "test-user=victor"));
        pages.put("bad request", get(host.url("/s/x/%2e%2e/y")));
        pages.put("405", Http.postForm(host.url(pagePath(ready)), "a=b"));
        pages.put("csrf refused", Http.postForm(host.url(pagePath(protectedShare) + "/unlock"), "password=x"));
        host.clock.advance(Duration.ofMinutes(2));
        pages.put("expired", get(host.url(pagePath(expiring))));
        pages.forEach((what, r) -> assertPage(what, r, false));
        assertThat(pages.get("locked").statusCode()).isEqualTo(429);
        assertThat(pages.get("expired").statusCode()).isEqualTo(410);
        host.failExport(pending.target());
    }

    @Test
    void onlyTheEmbedLayoutOfAPublicShareMayBeFramedAndOnlyByTheAllowList() {
        ShareDetails ready = host.readyShare();
        assertPage("embed", get(host.url(pagePath(ready) + "?layout=minimal")), true);
        assertPage("full", get(host.url(pagePath(ready))), false);
        ShareDetails pending = host.pendingShare(b -> b);
        assertPage("embed while processing", get(host.url(pagePath(pending) + "?layout=minimal")), true);
        host.failExport(pending.target());
    }

    @Test
    void mediaRedirectsAndJsonCarryTheCommonHeaders() {
        ShareDetails ready = host.readyShare(b -> b.allowDownload(true));
        ShareDetails privateShare = host.readyShare(b -> b.visibility(Visibility.PRIVATE));
        String clip = host.url(pagePath(ready) + "/clip.mp4");
        Map<String, HttpResponse<byte[]>> answers = new LinkedHashMap<>();
        answers.put("clip 200", get(clip));
        answers.put("clip 206", get(clip, "Range", "bytes=0-1"));
        answers.put("clip 416", get(clip, "Range", "bytes=999999999-"));
        answers.put("clip 304", get(clip, "If-None-Match", "*"));
        answers.put("clip 404", get(host.url("/s/" + ShareToken.generate().value() + "/clip.mp4")));
        answers.put("thumbnail", get(host.url(pagePath(ready) + "/thumbnail.jpg")));
        answers.put("playlist", get(host.url(pagePath(ready) + "/hls/index.m3u8")));
        answers.put("download redirect", get(host.url(pagePath(ready) + "/download")));
        answers.put("login redirect", get(host.url(pagePath(privateShare))));
        answers.put("oembed", get(host.url("/s/oembed?url=" + URLEncoder.encode(host.url(pagePath(ready)), StandardCharsets.UTF_8))));
        answers.put("oembed 404", get(host.url("/s/oembed?url=x")));
        answers.put("asset", get(host.url("/s/assets/player.js")));
        answers.forEach((what, r) -> assertCommon(what, r));
        assertThat(answers.get("clip 206").headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(answers.get("login redirect").headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(answers.get("download redirect").headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(answers.get("oembed").headers().firstValue("Cache-Control")).hasValue("no-store");
        String signed = answers.get("download redirect").headers().firstValue("Location").orElseThrow();
        HttpResponse<byte[]> download = get(signed);
        assertCommon("download", download);
        assertThat(download.headers().firstValue("Cache-Control")).hasValue("private, no-store");
        HttpResponse<byte[]> privateClip = get(host.url(pagePath(privateShare) + "/clip.mp4"), "Cookie", "test-user=victor");
        assertThat(privateClip.headers().firstValue("Cache-Control")).hasValue("private, no-cache");
    }
}
