package dev.clipshare.servlet.viewer;

import static dev.clipshare.servlet.viewer.Http.get;
import static dev.clipshare.servlet.viewer.Http.text;
import static dev.clipshare.servlet.viewer.ViewerHost.pagePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.ShareToken;
import dev.clipshare.core.Visibility;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The protocol details of issue 17: 304 answers without {@code Content-Length}, a GET on the
 * unlock address, one not-found answer on media routes, oEmbed's size bounds and start time, the
 * X card's {@code twitter:site}, a neutral card for unfurlers of private links, and a start time
 * past the clip's end.
 */
class ProtocolDetailsTest {
    private static final String BASE = "https://clips.example.com";
    private static ViewerHost host;

    @BeforeAll
    static void start() {
        host = new ViewerHost(ViewerHost.Options.defaults().baseUrl(BASE).filter(f -> f.twitterSite("@clipshare")));
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
    }

    private static String path(String url) {
        return url.startsWith(BASE) ? url.substring(BASE.length()) : url;
    }

    @Test
    void notModifiedAnswersCarryNoContentLength() {
        ShareDetails d = host.readyShare(b -> b.allowDownload(true));
        String clip = pagePath(d) + "/clip.mp4";
        String etag = get(host.url(clip)).headers().firstValue("ETag").orElseThrow();
        String segment = text(get(host.url(pagePath(d) + "/hls/index.m3u8"))).lines()
                .filter(l -> l.startsWith("seg-")).findFirst().orElseThrow();
        String download = path(get(host.url(pagePath(d) + "/download")).headers().firstValue("Location").orElseThrow());
        String segmentTag = get(host.url(pagePath(d) + "/hls/" + segment)).headers().firstValue("ETag").orElseThrow();
        String assetTag = get(host.url("/s/assets/player.js")).headers().firstValue("ETag").orElseThrow();
        Map<String, Http.Raw> answers = new LinkedHashMap<>();
        answers.put("clip", Http.raw(host.port, "GET", clip, "If-None-Match: " + etag));
        answers.put("clip HEAD", Http.raw(host.port, "HEAD", clip, "If-None-Match: " + etag));
        answers.put("download", Http.raw(host.port, "GET", download, "If-None-Match: " + etag));
        answers.put("hls segment", Http.raw(host.port, "GET", pagePath(d) + "/hls/" + segment, "If-None-Match: " + segmentTag));
        answers.put("asset", Http.raw(host.port, "GET", "/s/assets/player.js", "If-None-Match: " + assetTag));

        answers.forEach((what, r) -> {
            assertThat(r.status()).as(what).isEqualTo(304);
            assertThat(r.headers().keySet()).as(what + ": RFC 9110 §8.6").noneMatch(h -> h.equalsIgnoreCase("Content-Length"));
            assertThat(r.body()).as(what).isEmpty();
        });
    }

    @Test
    void aGetOnTheUnlockAddressLeadsBackToThePageKeepingTheStartTime() {
        ShareDetails d = host.readyShare(b -> b.password("blue-heron"));

        HttpResponse<byte[]> r = get(host.url(pagePath(d) + "/unlock?s=5&layout=minimal"));
        HttpResponse<byte[]> plain = get(host.url(pagePath(d) + "/unlock"));

        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue(pagePath(d) + "?s=5&layout=minimal");
        assertThat(plain.statusCode()).isEqualTo(303);
        assertThat(plain.headers().firstValue("Location")).hasValue(pagePath(d));
        assertThat(get(host.url(pagePath(d) + "/unlock?s=5")).headers().firstValue("Location")).hasValue(pagePath(d) + "?s=5");
    }

    @Test
    void mediaRoutesAnswerOneNotFoundWhateverTheTokensShape() {
        String unknown = ShareToken.generate().value();
        Map<String, HttpResponse<byte[]>> answers = new LinkedHashMap<>();
        for (String token : new String[] {unknown, "abc.def", "abc+def", "a~b", "x".repeat(80)}) {
            for (String route : new String[] {"/clip.mp4", "/thumbnail.jpg", "/download", "/hls/index.m3u8", "/hls/seg-00000.ts"}) {
                answers.put(token + route, get(host.url("/s/" + token + route)));
            }
        }
        HttpResponse<byte[]> reference = answers.get(unknown + "/clip.mp4");

        assertThat(reference.statusCode()).isEqualTo(404);
        answers.forEach((what, r) -> {
            assertThat(r.statusCode()).as(what).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type")).as(what).isEqualTo(reference.headers().firstValue("Content-Type"));
            assertThat(Arrays.equals(r.body(), reference.body())).as(what + ": same bytes").isTrue();
        });
    }

    @Test
    void oembedKeepsTheStartTimeAndFitsTheThumbnailWithinTheBounds() {
        ShareDetails d = host.readyShare();
        String page = BASE + pagePath(d);

        Map<String, Object> o = MiniJson.object(text(get(host.url("/s/oembed?maxwidth=160&maxheight=400&url="
                + URLEncoder.encode(page + "?s=3", StandardCharsets.UTF_8)))));

        assertThat(((Number) o.get("thumbnail_width")).intValue()).isLessThanOrEqualTo(160);
        assertThat(((Number) o.get("thumbnail_height")).intValue()).isLessThanOrEqualTo(400);
        assertThat(o.get("thumbnail_width")).isEqualTo(o.get("width"));
        assertThat((String) o.get("html")).contains("src=\"" + page + "?layout=minimal&amp;s=3\"");
        Map<String, Object> plain = MiniJson.object(text(get(host.url("/s/oembed?url=" + URLEncoder.encode(page, StandardCharsets.UTF_8)))));
        assertThat((String) plain.get("html")).contains("src=\"" + page + "?layout=minimal\"");
        assertThat(((Number) plain.get("thumbnail_width")).intValue()).isEqualTo(TestMedia.WIDTH);
    }

    @Test
    void theXCardNamesTheConfiguredSiteAccountAndIsACompletePlayerCard() {
        ShareDetails d = host.readyShare(b -> b.title("Backflip"));
        HtmlDoc doc = new HtmlDoc(text(get(host.url(pagePath(d)))));

        assertThat(doc.meta("twitter:site")).hasValue("@clipshare");
        assertThat(doc.meta("twitter:card")).hasValue("player");
        for (String name : new String[] {"twitter:title", "twitter:image", "twitter:player", "twitter:player:width",
                "twitter:player:height", "twitter:player:stream"}) {
            assertThat(doc.meta(name)).as(name).isPresent();
        }
    }

    @Test
    void anUnfurlerOfAPrivateLinkGetsTheNeutralCardWhileAPersonIsSentToSignIn() {
        ShareDetails d = host.readyShare(b -> b.visibility(Visibility.PRIVATE).title("Board meeting").description("Q3 numbers"));

        HttpResponse<byte[]> bot = get(host.url(pagePath(d)), "User-Agent", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)");
        HttpResponse<byte[]> person = get(host.url(pagePath(d)), "User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0");

        assertThat(bot.statusCode()).isEqualTo(200);
        HtmlDoc card = new HtmlDoc(text(bot));
        assertThat(card.meta("og:title")).hasValue("Clipshare");
        assertThat(card.meta("og:image")).hasValueSatisfying(u -> assertThat(u).startsWith(BASE + "/s/assets/card"));
        assertThat(card.meta("twitter:card")).hasValue("summary");
        assertThat(text(bot)).doesNotContain("Board meeting").doesNotContain("Q3 numbers").doesNotContain("thumbnail.jpg");
        assertThat(person.statusCode()).isEqualTo(303);
        assertThat(person.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/login"));
    }

    @Test
    void aStartTimePastTheClipsEndStartsFromTheBeginning() {
        ShareDetails d = host.readyShare();

        Map<String, Object> past = MiniJson.object(new HtmlDoc(text(get(host.url(pagePath(d) + "?s=" + (TestMedia.SECONDS + 5))))).scripts().get(0));
        Map<String, Object> within = MiniJson.object(new HtmlDoc(text(get(host.url(pagePath(d) + "?s=3")))).scripts().get(0));

        assertThat(((Number) past.get("start")).doubleValue()).isZero();
        assertThat(((Number) within.get("start")).doubleValue()).isEqualTo(3.0);
    }
}
