package dev.clipshare.servlet.viewer;

import static dev.clipshare.servlet.viewer.Http.get;
import static dev.clipshare.servlet.viewer.Http.head;
import static dev.clipshare.servlet.viewer.Http.text;
import static dev.clipshare.servlet.viewer.JsonClient.assertIdentical;
import static dev.clipshare.servlet.viewer.JsonClient.assertJsonHeaders;
import static dev.clipshare.servlet.viewer.JsonClient.grantToken;
import static dev.clipshare.servlet.viewer.JsonClient.json;
import static dev.clipshare.servlet.viewer.JsonClient.status;
import static dev.clipshare.servlet.viewer.ViewerHost.pagePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.ShareToken;
import dev.clipshare.core.UnlockRequest;
import dev.clipshare.core.Visibility;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /s/{token}/status}: every state a host's own share page must render, on a real Jetty.
 * {@code missing} is a 404 with the same bytes whatever the cause; every other state is a 200.
 */
class StatusApiTest {
    private static final String PASSWORD = "blue-heron";
    private static ViewerHost host;
    private static ViewerHost noLogin;

    @BeforeAll
    static void start() {
        host = new ViewerHost();
        noLogin = new ViewerHost(ViewerHost.Options.defaults().withoutLoginPage());
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
        noLogin.close();
    }

    private static String user(String id) {
        return "test-user=" + id;
    }

    @Test
    void aReadyPublicLinkIsOkWithWhatTheHostPageShowsAndMediaUrlsThatNeedNothingElse() throws Exception {
        ShareDetails d = host.readyShare(b -> b.title("Match <highlights>").description("The winning goal"));
        HttpResponse<byte[]> r = status(host, d);
        assertThat(r.statusCode()).isEqualTo(200);
        assertJsonHeaders("ok", r);
        String page = host.url(pagePath(d));
        assertThat(json(r)).containsExactlyEntriesOf(ordered(
                "status", "ok", "title", "Match <highlights>", "description", "The winning goal",
                "duration_ms", 8000L, "width", 640L, "height", 360L,
                "thumbnail_url", page + "/thumbnail.jpg?v=1", "mp4_url", page + "/clip.mp4?v=1",
                "hls_url", page + "/hls/index.m3u8?v=1", "download_url", null, "media_expires_at", null));
        assertThat(text(r)).as("escaped so it is safe even pasted into a page").contains("Match \\u003chighlights\\u003e");

        HttpResponse<byte[]> part = get(page + "/clip.mp4?v=1", "Range", "bytes=100-199");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(Files.readAllBytes(TestMedia.get().clip), 100, 200));
        assertThat(get(page + "/thumbnail.jpg?v=1").headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(host.sharing.getShare(TestPolicy.EDITOR, d.id()).viewCount()).as("a status check is no view").isZero();
    }

    @Test
    void postViewAnswersTheStatusAndCountsOneViewOfARealViewerOnly() {
        ShareDetails d = host.readyShare();
        String view = host.url(pagePath(d) + "/view");

        HttpResponse<byte[]> r = Http.postJson(view, "{}", "User-Agent", "Mozilla/5.0 (X11; Linux x86_64)");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).containsEntry("status", "ok").containsEntry("mp4_url", host.url(pagePath(d)) + "/clip.mp4?v=1");
        Http.postForm(view, "", "User-Agent", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)");
        assertThat(get(view).statusCode()).as("counting is a POST").isEqualTo(405);
        status(host, d);
        assertThat(host.sharing.getShare(TestPolicy.EDITOR, d.id()).viewCount()).as("one real view; crawlers and status are none")
                .isEqualTo(1);

        ShareDetails locked = host.readyShare(b -> b.password(PASSWORD));
        String lockedView = host.url(pagePath(locked) + "/view");
        assertThat(json(Http.postJson(lockedView, "{}"))).containsEntry("status", "requires_password");
        assertThat(host.sharing.getShare(TestPolicy.EDITOR, locked.id()).viewCount()).as("not opened, not counted").isZero();
        String grant = grantToken(host, locked, PASSWORD);
        assertThat(json(Http.postJson(lockedView, "{}", "Authorization", "Bearer " + grant))).containsEntry("status", "ok");
        assertThat(host.sharing.getShare(TestPolicy.EDITOR, locked.id()).viewCount()).isEqualTo(1);
    }

    @Test
    void headAnswersLikeGetWithoutABody() {
        ShareDetails d = host.readyShare();
        HttpResponse<byte[]> g = status(host, d);
        HttpResponse<byte[]> h = head(host.url(pagePath(d) + "/status"));
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(h.body()).isEmpty();
        assertThat(h.headers().firstValue("Content-Length")).hasValue(Integer.toString(g.body().length));
    }

    @Test
    void aDownloadableLinkNamesItsDownloadRoute() {
        ShareDetails d = host.readyShare(b -> b.allowDownload(true));
        assertThat(json(status(host, d))).containsEntry("download_url", host.url(pagePath(d) + "/download"));
        HttpResponse<byte[]> redirect = get(host.url(pagePath(d) + "/download"));
        assertThat(redirect.statusCode()).isEqualTo(303);
        assertThat(get(redirect.headers().firstValue("Location").orElseThrow()).statusCode()).isEqualTo(200);
    }

    @Test
    void aPasswordLinkRequiresThePasswordAndShowsNothingOfItselfUntilAGrantComes() {
        ShareDetails d = host.readyShare(b -> b.password(PASSWORD).title("Secret title").allowDownload(true));
        HttpResponse<byte[]> r = status(host, d);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).containsExactlyEntriesOf(ordered("status", "requires_password"));

        String grant = grantToken(host, d, PASSWORD);
        Instant grantEnds = host.clock.instant().plus(Duration.ofHours(24));
        for (String[] headers : List.of(new String[] {"Authorization", "Bearer " + grant}, new String[0])) {
            String url = host.url(pagePath(d) + "/status" + (headers.length == 0 ? "?grant=" + grant : ""));
            Map<String, Object> ok = json(get(url, headers));
            assertThat(ok).containsEntry("status", "ok").containsEntry("title", "Secret title");
            String mp4 = (String) ok.get("mp4_url");
            assertThat(mp4).startsWith(host.url(pagePath(d) + "/clip.mp4?sig=s."));
            assertThat((String) ok.get("thumbnail_url")).startsWith(host.url(pagePath(d) + "/thumbnail.jpg?sig=s."));
            assertThat((String) ok.get("hls_url")).startsWith(host.url(pagePath(d) + "/hls/index.m3u8?sig=s."));
            assertThat(ok.get("download_url")).isEqualTo(host.url(pagePath(d) + "/download"));
            assertThat(Instant.parse((String) ok.get("media_expires_at"))).isBeforeOrEqualTo(grantEnds)
                    .isAfter(host.clock.instant().plus(Duration.ofHours(11)));
            assertThat(text(get(url, headers))).doesNotContain(grant);
            // the signed URLs play without the grant: what <video src> and <img src> need
            assertThat(get(mp4, "Range", "bytes=0-9").statusCode()).isEqualTo(206);
            assertThat(get((String) ok.get("thumbnail_url")).statusCode()).isEqualTo(200);
        }
        String tampered = grant.substring(0, grant.length() - 1) + (grant.endsWith("A") ? "B" : "A");
        assertThat(json(status(host, d, "Authorization", "Bearer " + tampered))).containsEntry("status", "requires_password");
    }

    @Test
    void aLockedLinkSaysWhenToRetry() {
        ShareDetails d = host.readyShare(b -> b.password(PASSWORD));
        for (int i = 0; i < 5; i++) {
            try {
                host.sharing.unlock(UnlockRequest.of(d.token().value(), "wrong-" + i));
            } catch (RuntimeException expected) {
                // wrong, then locked on the fifth
            }
        }
        HttpResponse<byte[]> r = status(host, d);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Retry-After")).as("the wait is data here, not a refusal").isEmpty();
        assertThat(json(r)).containsExactlyEntriesOf(ordered("status", "locked", "retry_after", 600L,
                "locked_until", host.clock.instant().plus(Duration.ofMinutes(10)).toString()));
        host.clock.advance(Duration.ofMinutes(4));
        assertThat(json(status(host, d))).containsEntry("retry_after", 360L);
    }

    @Test
    void processingReportsTheRunningExportsProgress() {
        ShareDetails d = host.pendingShare(b -> b);
        dev.clipshare.core.ExportJob job = host.sharing.exportQueue().claim("status-test").orElseThrow();
        assertThat(job.export().target()).isEqualTo(d.target());
        host.sharing.exportQueue().heartbeat(job, 40);

        assertThat(json(status(host, d))).containsExactlyEntriesOf(ordered("status", "processing", "progress", 40L));
        host.sharing.exportQueue().fail(job, "test over", false);
    }

    @Test
    void processingAndFailedExportsAreReported() {
        ShareDetails d = host.pendingShare(b -> b.title("Soon"));
        HttpResponse<byte[]> processing = status(host, d);
        assertThat(processing.statusCode()).isEqualTo(200);
        assertThat(json(processing)).containsExactlyEntriesOf(ordered("status", "processing", "progress", 0L));
        host.failExport(d.target());
        HttpResponse<byte[]> failed = status(host, d);
        assertThat(failed.statusCode()).isEqualTo(200);
        assertThat(json(failed)).containsExactlyEntriesOf(ordered("status", "failed"));
    }

    @Test
    void anExpiredLinkIsExpired() {
        ShareDetails d = host.readyShare(b -> b.expiresAt(host.clock.instant().plus(Duration.ofHours(1))));
        assertThat(json(status(host, d))).containsEntry("status", "ok");
        host.clock.advance(Duration.ofHours(2));
        HttpResponse<byte[]> r = status(host, d);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).containsExactlyEntriesOf(ordered("status", "expired"));
    }

    @Test
    void aPrivateLinkAsksSignedOutViewersToSignInAndShowsMembersSignedMedia() {
        ShareDetails d = host.readyShare(b -> b.visibility(Visibility.PRIVATE).title("Team only"));
        HttpResponse<byte[]> signedOut = status(host, d);
        assertThat(signedOut.statusCode()).isEqualTo(200);
        assertThat(json(signedOut)).containsExactlyEntriesOf(ordered("status", "sign_in_required",
                "login_url", "/login?next=" + URLEncoder.encode(pagePath(d), StandardCharsets.UTF_8)));

        Map<String, Object> member = json(status(host, d, "Cookie", user(TestPolicy.VIEWER.id())));
        assertThat(member).containsEntry("status", "ok").containsEntry("title", "Team only");
        String mp4 = (String) member.get("mp4_url");
        assertThat(mp4).contains("/clip.mp4?sig=s.");
        assertThat(get(mp4, "Range", "bytes=0-9").statusCode()).as("plays without the session").isEqualTo(206);
        assertThat(member.get("media_expires_at")).isNotNull();
    }

    @Test
    void everyKindOfMissingLinkGetsTheSameBytesAndHeaders() {
        ShareDetails revoked = host.readyShare();
        host.sharing.revokeShare(TestPolicy.EDITOR, revoked.id());
        ShareDetails deleted = host.readyShare(b -> b.password(PASSWORD));
        host.sharing.deleteShare(TestPolicy.EDITOR, deleted.id());
        ShareDetails privateShare = host.readyShare(b -> b.visibility(Visibility.PRIVATE));
        String token = ShareToken.generate().value();

        List<HttpResponse<byte[]>> answers = List.of(
                get(host.url("/s/" + ShareToken.generate().value() + "/status")),
                status(host, revoked),
                status(host, deleted),
                status(host, privateShare, "Cookie", user(TestPolicy.STRANGER.id())),
                get(host.url("/s/not-a-token/status")),
                get(host.url("/s/" + token.substring(1) + "/status")),
                get(host.url("/s/" + token + "x/status")),
                get(host.url("/s/" + "a".repeat(80) + "/status")),
                get(host.url("/s/no*token!/status")),
                get(host.url("/s/oembed/status")),
                status(host, revoked, "Authorization", "Bearer g.whatever"),
                get(host.url(pagePath(revoked) + "/status?grant=x&layout=minimal")));
        assertIdentical(answers, 404);
        assertThat(text(answers.get(0))).isEqualTo("{\"status\":\"missing\"}");
        assertJsonHeaders("missing", answers.get(0));
    }

    @Test
    void withoutALoginPageASignedOutVisitorOfAPrivateLinkIsToldItIsMissingLikeThePage() {
        ShareDetails privateShare = noLogin.readyShare(b -> b.visibility(Visibility.PRIVATE));
        HttpResponse<byte[]> never = get(noLogin.url("/s/" + ShareToken.generate().value() + "/status"));
        assertIdentical(List.of(never, status(noLogin, privateShare)), 404);
        assertThat(get(noLogin.url(pagePath(privateShare))).statusCode()).as("the page agrees").isEqualTo(404);
        assertThat(json(status(noLogin, privateShare, "Cookie", user(TestPolicy.VIEWER.id())))).containsEntry("status", "ok");
    }

    @Test
    void onlyGetAndHeadAreAnswered() {
        ShareDetails d = host.readyShare();
        HttpResponse<byte[]> r = Http.postJson(host.url(pagePath(d) + "/status"), "{}");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(json(r)).containsExactlyEntriesOf(ordered("status", "method_not_allowed"));
        assertJsonHeaders("405", r);
    }

    /** An insertion-ordered map of name/value pairs (values may be null). */
    static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
