package dev.clipshare.servlet.viewer;

import static dev.clipshare.servlet.viewer.Http.get;
import static dev.clipshare.servlet.viewer.Http.head;
import static dev.clipshare.servlet.viewer.Http.text;
import static dev.clipshare.servlet.viewer.ViewerHost.pagePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.ShareToken;
import dev.clipshare.core.ShareUpdate;
import dev.clipshare.core.UnlockRequest;
import dev.clipshare.core.Visibility;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every state of the share page, on a real Jetty, through a real HTTP client. */
class SharePageTest {
    private static ViewerHost host;

    @BeforeAll
    static void start() {
        host = new ViewerHost();
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
    }

    private static String user(String id) {
        return "test-user=" + id;
    }

    @Test
    void readyShareShowsThePlayerTitleAndDescription() {
        ShareDetails d = host.readyShare(b -> b.title("Match highlights").description("The winning goal"));
        HttpResponse<byte[]> r = get(host.url(pagePath(d)));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        HtmlDoc doc = new HtmlDoc(text(r));
        HtmlDoc.Tag video = doc.byId("clipshare-video").orElseThrow();
        assertThat(video.name()).isEqualTo("video");
        assertThat(video.attr("src")).isEqualTo(pagePath(d) + "/clip.mp4?v=1");
        assertThat(video.attr("poster")).isEqualTo(pagePath(d) + "/thumbnail.jpg?v=1");
        assertThat(video.attr("width")).isEqualTo("640");
        assertThat(video.attr("height")).isEqualTo("360");
        assertThat(text(r)).contains("<h1>Match highlights</h1>").contains("The winning goal");
        assertThat(doc.tags("script").stream().map(t -> t.attr("src")).filter(s -> s != null))
                .singleElement().satisfies(s -> assertThat(s).startsWith("/s/assets/player.js?v="));
        assertThat(doc.tags("link").stream().filter(t -> "stylesheet".equals(t.attr("rel"))).map(t -> t.attr("href")))
                .singleElement().satisfies(s -> assertThat(s).startsWith("/s/assets/viewer.css?v="));
    }

    @Test
    void startParameterReachesThePlayer() {
        ShareDetails d = host.readyShare();
        HtmlDoc doc = new HtmlDoc(text(get(host.url(pagePath(d) + "?s=5"))));
        assertThat(doc.byId("clipshare-video").orElseThrow().attr("src")).endsWith("/clip.mp4?v=1#t=5");
        assertThat(doc.scripts().get(0)).contains("\"start\":5.0");
        HtmlDoc bad = new HtmlDoc(text(get(host.url(pagePath(d) + "?s=-3"))));
        assertThat(bad.byId("clipshare-video").orElseThrow().attr("src")).endsWith("/clip.mp4?v=1");
    }

    @Test
    void tIsAnAliasOfSAndSWinsWhenBothAreGiven() {
        ShareDetails d = host.readyShare();
        HtmlDoc doc = new HtmlDoc(text(get(host.url(pagePath(d) + "?t=7"))));
        assertThat(doc.byId("clipshare-video").orElseThrow().attr("src")).endsWith("/clip.mp4?v=1#t=7");
        assertThat(doc.scripts().get(0)).contains("\"start\":7.0");
        HtmlDoc both = new HtmlDoc(text(get(host.url(pagePath(d) + "?t=7&s=3"))));
        assertThat(both.byId("clipshare-video").orElseThrow().attr("src")).endsWith("/clip.mp4?v=1#t=3");
    }

    @Test
    void theLoginRedirectKeepsATStartAsS() {
        ShareDetails d = host.readyShare(b -> b.visibility(Visibility.PRIVATE));
        String location = get(host.url(pagePath(d) + "?t=12")).headers().firstValue("Location").orElseThrow();
        assertThat(URLDecoder.decode(location.substring("/login?next=".length()), StandardCharsets.UTF_8))
                .isEqualTo(pagePath(d) + "?s=12");
    }

    @Test
    void minimalLayoutIsTheBarePlayer() {
        ShareDetails d = host.readyShare(b -> b.title("Only the player").description("not shown"));
        HttpResponse<byte[]> r = get(host.url(pagePath(d) + "?layout=minimal"));
        assertThat(r.statusCode()).isEqualTo(200);
        String html = text(r);
        assertThat(html).contains("<body class=\"minimal\">").doesNotContain("<h1>")
                .doesNotContain("class=\"description\"").doesNotContain("<footer");
        assertThat(new HtmlDoc(html).byId("clipshare-video")).isPresent();
    }

    @Test
    void processingPageSaysSoAndDoesNotRefresh() {
        ShareDetails d = host.pendingShare(b -> b.title("Soon"));
        HttpResponse<byte[]> r = get(host.url(pagePath(d)));
        assertThat(r.statusCode()).isEqualTo(200);
        HtmlDoc doc = new HtmlDoc(text(r));
        assertThat(doc.byId("clipshare-processing")).isPresent();
        assertThat(doc.byId("clipshare-video")).isEmpty();
        assertThat(doc.tags("meta").stream().map(t -> t.attr("http-equiv"))).doesNotContain("refresh");
        assertThat(r.headers().firstValue("Refresh")).isEmpty();
        // the progress comes from the status JSON (page.js), which also starts the player when ready
        assertThat(doc.byId("clipshare-progress")).hasValueSatisfying(t -> assertThat(t.attr("data-status")).isEqualTo(pagePath(d) + "/status"));
        assertThat(text(r)).contains("0 % done");
        host.failExport(d.target()); // leave the queue empty for the next test
    }

    @Test
    void failedExportShowsTheFailedPage() {
        ShareDetails d = host.pendingShare(b -> b);
        host.failExport(d.target());
        HttpResponse<byte[]> r = get(host.url(pagePath(d)));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new HtmlDoc(text(r)).byId("clipshare-failed")).isPresent();
    }

    @Test
    void expiredShareShowsTheExpiredPage() {
        ShareDetails d = host.readyShare(b -> b.expiresAt(host.clock.instant().plus(Duration.ofHours(1))));
        assertThat(get(host.url(pagePath(d))).statusCode()).isEqualTo(200);
        host.clock.advance(Duration.ofHours(2));
        HttpResponse<byte[]> r = get(host.url(pagePath(d)));
        assertThat(r.statusCode()).isEqualTo(410);
        assertThat(new HtmlDoc(text(r)).byId("clipshare-expired")).isPresent();
        assertThat(get(host.url(pagePath(d) + "/clip.mp4")).statusCode()).isEqualTo(404);
    }

    @Test
    void passwordShareShowsTheFormWithACsrfToken() {
        ShareDetails d = host.readyShare(b -> b.password("blue-heron"));
        HttpResponse<byte[]> r = get(host.url(pagePath(d) + "?s=3"));
        assertThat(r.statusCode()).isEqualTo(200);
        HtmlDoc doc = new HtmlDoc(text(r));
        HtmlDoc.Tag form = doc.tags("form").get(0);
        assertThat(form.attr("method")).isEqualTo("post");
        assertThat(form.attr("action")).isEqualTo(pagePath(d) + "/unlock");
        assertThat(doc.tags("input").stream().filter(t -> "csrf".equals(t.attr("name"))).map(t -> t.attr("value")))
                .singleElement().satisfies(v -> assertThat(v).hasSize(43));
        assertThat(doc.tags("input").stream().filter(t -> "s".equals(t.attr("name"))).map(t -> t.attr("value")))
                .containsExactly("3");
        assertThat(r.headers().allValues("Set-Cookie")).singleElement().satisfies(c -> assertThat(c)
                .startsWith("__Host-clipshare-csrf=").contains("; Path=/").contains("; Secure").contains("; HttpOnly")
                .contains("SameSite=Strict"));
        assertThat(doc.byId("clipshare-video")).isEmpty();
        assertThat(get(host.url(pagePath(d) + "/clip.mp4")).statusCode()).isEqualTo(404);
    }

    @Test
    void lockedShareSaysWhenToRetry() {
        ShareDetails d = host.readyShare(b -> b.password("blue-heron"));
        for (int i = 0; i < 5; i++) {
            try {
                host.sharing.unlock(UnlockRequest.of(d.token().value(), "wrong-" + i));
            } catch (RuntimeException expected) {
                // wrong, then locked on the fifth
            }
        }
        HttpResponse<byte[]> r = get(host.url(pagePath(d)));
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("600");
        HtmlDoc doc = new HtmlDoc(text(r));
        assertThat(doc.byId("clipshare-locked")).isPresent();
        assertThat(text(r)).contains("Try again in 10 minutes.").containsPattern(">12:\\d\\d UTC</time>");
        assertThat(doc.byId("clipshare-until")).hasValueSatisfying(t -> assertThat(t.attr("datetime")).startsWith("2026-03-01T12:"));
    }

    @Test
    void everyKindOfMissingLinkGetsByteIdenticalAnswers() {
        ShareDetails revoked = host.readyShare();
        host.sharing.revokeShare(TestPolicy.EDITOR, revoked.id());
        ShareDetails deleted = host.readyShare();
        host.sharing.deleteShare(TestPolicy.EDITOR, deleted.id());
        ShareDetails privateShare = host.readyShare(b -> b.visibility(Visibility.PRIVATE));
        String neverIssued = "/s/" + ShareToken.generate().value();

        List<HttpResponse<byte[]>> answers = List.of(
                get(host.url(neverIssued)),
                get(host.url(pagePath(revoked))),
                get(host.url(pagePath(deleted))),
                get(host.url(pagePath(privateShare)), "Cookie", user(TestPolicy.STRANGER.id())),
                get(host.url("/s/not-a-token")),
                get(host.url(pagePath(revoked) + "?layout=minimal&s=5")));
        HttpResponse<byte[]> first = answers.get(0);
        assertThat(first.statusCode()).isEqualTo(404);
        assertThat(text(first)).contains("This link does not exist");
        for (HttpResponse<byte[]> r : answers) {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).isEqualTo(first.body());
            assertThat(headersWithoutDate(r)).isEqualTo(headersWithoutDate(first));
        }
    }

    private static Map<String, List<String>> headersWithoutDate(HttpResponse<?> r) {
        return r.headers().map().entrySet().stream().filter(e -> !e.getKey().equalsIgnoreCase("date"))
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(), Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    @Test
    void privateShareSendsSignedOutViewersToTheLoginWithTheirWayBack() {
        ShareDetails d = host.readyShare(b -> b.visibility(Visibility.PRIVATE));
        HttpResponse<byte[]> r = get(host.url(pagePath(d) + "?s=12&layout=minimal&evil=//attacker.example"));
        assertThat(r.statusCode()).isEqualTo(303);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/login?next=");
        String next = URLDecoder.decode(location.substring("/login?next=".length()), StandardCharsets.UTF_8);
        assertThat(next).isEqualTo(pagePath(d) + "?s=12&layout=minimal");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void privateShareShowsMembersThePlayerWithSignedMediaAndALinkToTheLibrary() {
        ShareDetails d = host.readyShare(b -> b.visibility(Visibility.PRIVATE));
        HttpResponse<byte[]> r = get(host.url(pagePath(d)), "Cookie", user(TestPolicy.VIEWER.id()));
        assertThat(r.statusCode()).isEqualTo(200);
        HtmlDoc doc = new HtmlDoc(text(r));
        String src = doc.byId("clipshare-video").orElseThrow().attr("src");
        assertThat(src).startsWith(pagePath(d) + "/clip.mp4?sig=s.");
        assertThat(doc.byId("clipshare-library").orElseThrow().attr("href")).isEqualTo("/library/team-1/" + d.target().sourceId());
        // the signed URL alone plays, without the session: this is what the video element uses
        assertThat(get(host.url(src)).statusCode()).isEqualTo(200);
        assertThat(get(host.url(pagePath(d) + "/clip.mp4")).statusCode()).isEqualTo(404);
        assertThat(get(host.url(pagePath(d) + "/clip.mp4"), "Cookie", user(TestPolicy.VIEWER.id())).statusCode()).isEqualTo(200);
        assertThat(get(host.url(pagePath(d) + "/clip.mp4"), "Cookie", user(TestPolicy.STRANGER.id())).statusCode()).isEqualTo(404);
    }

    @Test
    void anOpenLinksPageKeptByTheNodeFollowsEveryEditAndEveryViewerAtTheNextView() {
        ShareDetails d = host.readyShare(b -> b.title("First cut").description("Before the edit"));
        String page = pagePath(d);
        byte[] first = get(host.url(page)).body();
        assertThat(get(host.url(page)).body()).as("the second view, from the node's copy: the same page").isEqualTo(first);
        HtmlDoc member = new HtmlDoc(text(get(host.url(page), "Cookie", user(TestPolicy.VIEWER.id()))));
        assertThat(member.byId("clipshare-library")).as("a member gets the library link").isPresent();
        assertThat(new HtmlDoc(text(get(host.url(page)))).byId("clipshare-library"))
                .as("an anonymous viewer after the member never gets the member's page").isEmpty();

        host.sharing.updateShare(TestPolicy.EDITOR, d.id(), ShareUpdate.builder()
                .title("Final cut").description("After the edit").allowDownload(true).build());

        HttpResponse<byte[]> edited = get(host.url(page));
        HtmlDoc doc = new HtmlDoc(text(edited));
        assertThat(text(edited)).contains("<h1>Final cut</h1>").contains("After the edit").doesNotContain("First cut");
        assertThat(doc.meta("og:title")).as("the link card follows the edit too").hasValue("Final cut");
        assertThat(doc.byId("clipshare-download")).as("download, allowed by the edit").isPresent();

        host.sharing.updateShare(TestPolicy.EDITOR, d.id(), ShareUpdate.builder().password("a-new-secret").build());

        String locked = text(get(host.url(page)));
        assertThat(new HtmlDoc(locked).byId("clipshare-video")).as("a password added: no player without it").isEmpty();
        assertThat(locked).doesNotContain("After the edit");
    }

    @Test
    void libraryLinkIsOnlyForSignedInMembers() {
        ShareDetails d = host.readyShare();
        assertThat(new HtmlDoc(text(get(host.url(pagePath(d))))).byId("clipshare-library")).isEmpty();
        assertThat(new HtmlDoc(text(get(host.url(pagePath(d)), "Cookie", user(TestPolicy.STRANGER.id())))).byId("clipshare-library")).isEmpty();
        assertThat(new HtmlDoc(text(get(host.url(pagePath(d)), "Cookie", user(TestPolicy.EDITOR.id())))).byId("clipshare-library")).isPresent();
    }

    @Test
    void pageViewsAreCountedButNotCrawlersHeadRequestsOrMedia() {
        ShareDetails d = host.readyShare();
        get(host.url(pagePath(d)), "User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0");
        get(host.url(pagePath(d)), "User-Agent", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)");
        get(host.url(pagePath(d)), "User-Agent", "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)");
        head(host.url(pagePath(d)));
        get(host.url(pagePath(d) + "/clip.mp4"), "Range", "bytes=0-99");
        get(host.url(pagePath(d) + "/thumbnail.jpg"));
        assertThat(host.sharing.getShare(TestPolicy.EDITOR, d.id()).viewCount()).isEqualTo(1);
    }

    @Test
    void headOfAPageAnswersLikeGetWithoutABody() {
        ShareDetails d = host.readyShare();
        HttpResponse<byte[]> g = get(host.url(pagePath(d)));
        HttpResponse<byte[]> h = head(host.url(pagePath(d)));
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(h.body()).isEmpty();
        assertThat(h.headers().firstValue("Content-Length")).hasValue(Integer.toString(g.body().length));
    }

    @Test
    void requestsOutsideThePrefixPassDownTheChainUntouched() {
        assertThat(text(get(host.url("/library/team-1")))).isEqualTo("host:/library/team-1");
        assertThat(text(get(host.url("/share/x")))).isEqualTo("host:/share/x");
        assertThat(text(get(host.url("/sx")))).isEqualTo("host:/sx");
        assertThat(get(host.url("/s")).statusCode()).isEqualTo(404);
    }

    @Test
    void downloadIsOfferedOnlyWhenAllowedAndGoesThroughAShortLivedSignedUrl() {
        ShareDetails allowed = host.readyShare(b -> b.allowDownload(true).title("Goal \"final\"; v2/..\\x ñ"));
        HtmlDoc doc = new HtmlDoc(text(get(host.url(pagePath(allowed)))));
        String link = doc.byId("clipshare-download").orElseThrow().attr("href");
        assertThat(link).isEqualTo(pagePath(allowed) + "/download");
        HttpResponse<byte[]> redirect = get(host.url(link));
        assertThat(redirect.statusCode()).isEqualTo(303);
        String signed = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(signed).startsWith(host.url(pagePath(allowed) + "/download?sig=d."));
        HttpResponse<byte[]> file = get(signed);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(readAll(TestMedia.get().clip));
        assertThat(file.headers().firstValue("Content-Disposition")).hasValue(
                "attachment; filename=\"Goal _final__ v2 .. x _.mp4\"; filename*=UTF-8''Goal%20%22final%22%3B%20v2%20..%20x%20%C3%B1.mp4");
        host.clock.advance(Duration.ofMinutes(7)); // 5 minutes, plus the 60 s of clock skew tolerated between nodes
        assertThat(get(signed).statusCode()).isEqualTo(404);

        ShareDetails refused = host.readyShare();
        assertThat(new HtmlDoc(text(get(host.url(pagePath(refused))))).byId("clipshare-download")).isEmpty();
        assertThat(get(host.url(pagePath(refused) + "/download")).statusCode()).isEqualTo(404);
    }

    static byte[] readAll(java.nio.file.Path p) {
        try {
            return java.nio.file.Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
