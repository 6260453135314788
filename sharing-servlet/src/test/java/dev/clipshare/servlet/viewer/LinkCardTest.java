package dev.clipshare.servlet.viewer;

import static dev.clipshare.servlet.viewer.Http.get;
import static dev.clipshare.servlet.viewer.Http.text;
import static dev.clipshare.servlet.viewer.ViewerHost.pagePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.Visibility;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Link cards and oEmbed, read back from the HTML the way a chat app's crawler reads them, field
 * by field. The public base URL here ({@value #BASE}) differs from the server's own address, so
 * every absolute URL must come from configuration, never from the request.
 */
class LinkCardTest {
    static final String BASE = "https://clips.example.com";
    private static ViewerHost host;

    @BeforeAll
    static void start() {
        host = new ViewerHost(ViewerHost.Options.defaults().baseUrl(BASE));
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
    }

    private static HtmlDoc page(ShareDetails d, String... headers) {
        return new HtmlDoc(text(get(host.url(pagePath(d)), headers)));
    }

    private static ShareDetails portraitShare(String title, String description) {
        ShareDetails d = host.pendingShare(b -> b.title(title).description(description));
        host.completeExport(d.target(), job -> host.publishTestMedia(job.export().target(), job.export().version()), 1080, 1920);
        return d;
    }

    @Test
    void aReadyPublicShareHasTheFullVideoCardWithTheExportsRealSize() {
        ShareDetails d = portraitShare("Backflip", "Slow motion, from the side");
        String pageUrl = BASE + pagePath(d);
        HtmlDoc doc = page(d);
        assertThat(doc.meta("og:site_name")).hasValue("Clipshare");
        assertThat(doc.meta("og:type")).hasValue("video.other");
        assertThat(doc.meta("og:title")).hasValue("Backflip");
        assertThat(doc.meta("og:description")).hasValue("Slow motion, from the side");
        assertThat(doc.meta("og:url")).hasValue(pageUrl);
        assertThat(doc.meta("og:image")).hasValue(pageUrl + "/thumbnail.jpg");
        assertThat(doc.meta("og:video")).hasValue(pageUrl + "/clip.mp4");
        assertThat(doc.meta("og:video:secure_url")).hasValue(pageUrl + "/clip.mp4");
        assertThat(doc.meta("og:video:type")).hasValue("video/mp4");
        assertThat(doc.meta("og:video:width")).hasValue("1080");
        assertThat(doc.meta("og:video:height")).hasValue("1920");
        assertThat(doc.meta("twitter:card")).hasValue("player");
        assertThat(doc.meta("twitter:title")).hasValue("Backflip");
        assertThat(doc.meta("twitter:description")).hasValue("Slow motion, from the side");
        assertThat(doc.meta("twitter:image")).hasValue(pageUrl + "/thumbnail.jpg");
        assertThat(doc.meta("twitter:player")).hasValue(pageUrl + "?layout=minimal");
        assertThat(doc.meta("twitter:player:width")).hasValue("1080");
        assertThat(doc.meta("twitter:player:height")).hasValue("1920");
        assertThat(doc.meta("twitter:player:stream")).hasValue(pageUrl + "/clip.mp4");
        assertThat(doc.meta("twitter:player:stream:content_type")).hasValue("video/mp4");
        assertThat(doc.tags("link").stream().filter(t -> "alternate".equals(t.attr("rel"))))
                .singleElement().satisfies(l -> {
                    assertThat(l.attr("type")).isEqualTo("application/json+oembed");
                    assertThat(l.attr("href")).isEqualTo(BASE + "/s/oembed?format=json&url=" + URLEncoder.encode(pageUrl, StandardCharsets.UTF_8));
                });
        assertThat(doc.metas("twitter:card")).doesNotContain("summary_large_image");
        // the card's URLs work on this server (the base URL is only another name for it)
        assertThat(get(host.url(pagePath(d) + "/thumbnail.jpg")).headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(get(host.url(pagePath(d) + "?layout=minimal")).statusCode()).isEqualTo(200);
    }

    @Test
    void beforeTheClipIsReadyTheCardIsASummaryWithoutVideo() {
        ShareDetails d = host.pendingShare(b -> b.title("Coming up").description("Still encoding"));
        HtmlDoc doc = page(d);
        assertThat(doc.meta("twitter:card")).hasValue("summary");
        assertThat(doc.meta("og:title")).hasValue("Coming up");
        assertThat(doc.meta("og:description")).hasValue("Still encoding");
        assertThat(doc.meta("og:type")).hasValue("website");
        assertThat(doc.meta("og:video")).isEmpty();
        assertThat(doc.meta("twitter:player")).isEmpty();
        assertThat(doc.meta("og:image")).isEmpty();
        assertThat(doc.tags("link").stream().filter(t -> "alternate".equals(t.attr("rel")))).isEmpty();
        host.failExport(d.target());
    }

    @Test
    void passwordProtectedAndPrivateSharesGetANeutralCard() {
        ShareDetails locked = host.readyShare(b -> b.password("blue-heron").title("Quarterly numbers").description("Internal only"));
        ShareDetails members = host.readyShare(b -> b.visibility(Visibility.PRIVATE).title("Team offsite").description("Do not share"));
        for (HttpResponse<byte[]> r : new HttpResponse[] {
                get(host.url(pagePath(locked))), get(host.url(pagePath(members)), "Cookie", "test-user=" + TestPolicy.VIEWER.id())}) {
            String html = text(r);
            HtmlDoc doc = new HtmlDoc(html);
            assertThat(doc.meta("og:title")).hasValue("Clipshare");
            assertThat(doc.meta("og:description")).isEmpty();
            assertThat(doc.meta("twitter:card")).hasValue("summary");
            assertThat(doc.meta("og:image")).hasValueSatisfying(v -> assertThat(v).startsWith(BASE + "/s/assets/card.png?v="));
            assertThat(doc.meta("og:video")).isEmpty();
            assertThat(doc.meta("twitter:player")).isEmpty();
            assertThat(doc.tags("link").stream().filter(t -> "alternate".equals(t.attr("rel")))).isEmpty();
            assertThat(doc.metas("twitter:image")).noneMatch(v -> v.contains("thumbnail"));
        }
        String lockedHtml = text(get(host.url(pagePath(locked))));
        assertThat(lockedHtml).doesNotContain("Quarterly numbers").doesNotContain("Internal only");
        HttpResponse<byte[]> neutral = get(host.url("/s/assets/card.png"));
        assertThat(neutral.statusCode()).isEqualTo(200);
        assertThat(neutral.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(get(host.url(pagePath(locked) + "/thumbnail.jpg")).statusCode()).as("no thumbnail without the password").isEqualTo(404);
    }

    @Test
    void spoofedHostOrForwardedHeadersNeverRedirectACard() {
        ShareDetails d = host.readyShare(b -> b.title("Spoof me"));
        Http.Raw r = Http.raw(host.port, "GET", pagePath(d), "Host: evil.example", "X-Forwarded-Host: evil.example",
                "X-Forwarded-Proto: http", "Forwarded: host=evil.example;proto=http");
        assertThat(r.status()).isEqualTo(200);
        HtmlDoc doc = new HtmlDoc(new String(r.body(), StandardCharsets.UTF_8));
        assertThat(doc.meta("og:url")).hasValue(BASE + pagePath(d));
        assertThat(doc.meta("og:video")).hasValue(BASE + pagePath(d) + "/clip.mp4");
        assertThat(r.text()).doesNotContain("evil.example");
    }

    @Test
    void oembedDescribesPublicReadyPasswordlessSharesOfThisSiteOnly() {
        ShareDetails d = host.readyShare(b -> b.title("Goal of the season"));
        String pageUrl = BASE + pagePath(d);
        HttpResponse<byte[]> r = get(host.url("/s/oembed?format=json&url=" + URLEncoder.encode(pageUrl, StandardCharsets.UTF_8)));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json;charset=utf-8");
        Map<String, Object> o = MiniJson.object(text(r));
        assertThat(o).containsEntry("version", "1.0").containsEntry("type", "video").containsEntry("provider_name", "Clipshare")
                .containsEntry("provider_url", BASE + "/").containsEntry("title", "Goal of the season")
                .containsEntry("width", 640L).containsEntry("height", 360L)
                .containsEntry("thumbnail_url", pageUrl + "/thumbnail.jpg")
                .containsEntry("thumbnail_width", 640L).containsEntry("thumbnail_height", 360L);
        HtmlDoc iframe = new HtmlDoc((String) o.get("html"));
        assertThat(iframe.tags()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("iframe");
            assertThat(t.attr("src")).isEqualTo(pageUrl + "?layout=minimal");
            assertThat(t.attr("width")).isEqualTo("640");
            assertThat(t.attr("height")).isEqualTo("360");
        });

        Map<String, Object> small = MiniJson.object(text(get(host.url("/s/oembed?maxwidth=320&url="
                + URLEncoder.encode(pageUrl + "?s=4", StandardCharsets.UTF_8)))));
        assertThat(small).containsEntry("width", 320L).containsEntry("height", 180L);
        for (String start : new String[] {"?s=4", "?t=4"}) {
            Map<String, Object> started = MiniJson.object(text(get(host.url("/s/oembed?url="
                    + URLEncoder.encode(pageUrl + start, StandardCharsets.UTF_8)))));
            assertThat(new HtmlDoc((String) started.get("html")).tags().get(0).attr("src")).as(start)
                    .isEqualTo(pageUrl + "?layout=minimal&s=4");
        }

        ShareDetails protectedShare = host.readyShare(b -> b.password("blue-heron"));
        ShareDetails privateShare = host.readyShare(b -> b.visibility(Visibility.PRIVATE));
        ShareDetails pending = host.pendingShare(b -> b);
        for (String url : new String[] {BASE + pagePath(protectedShare), BASE + pagePath(privateShare), BASE + pagePath(pending),
                "https://other.example" + pagePath(d), BASE + "/s/not-a-token", BASE + pagePath(d) + "/clip.mp4", host.url(pagePath(d))}) {
            assertThat(get(host.url("/s/oembed?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8))).statusCode()).as(url).isEqualTo(404);
        }
        assertThat(get(host.url("/s/oembed")).statusCode()).isEqualTo(404);
        assertThat(get(host.url("/s/oembed?format=xml&url=" + URLEncoder.encode(pageUrl, StandardCharsets.UTF_8))).statusCode()).isEqualTo(501);
        host.failExport(pending.target());
        assertThat(host.sharing.getShare(TestPolicy.EDITOR, d.id()).viewCount()).as("oEmbed lookups are not views").isZero();
    }

    @Test
    void hostileTitlesDescriptionsAndMetadataAreInertEverywhere() {
        String title = "\"><script>alert(1)</script><img src=x onerror=alert(2)>'`=";
        String description = "</script><script>alert(3)</script>\n<a href=\"javascript:alert(4)\">x</a> & \u2028 <!-- -->";
        String meta = "<script>alert('host-notes')</script>";
        ShareDetails d = host.readyShare(b -> b.title(title).description(description).metadata(Map.of("note", meta)).allowDownload(true));
        String html = text(get(host.url(pagePath(d))));
        HtmlDoc doc = new HtmlDoc(html);

        assertThat(html).doesNotContain("<script>alert").doesNotContain("<img").doesNotContain("<a href=\"javascript")
                .doesNotContain("host-notes");
        assertThat(doc.tags("script")).hasSize(2);
        assertThat(doc.tags("img")).isEmpty();
        assertThat(doc.tags()).allSatisfy(t -> assertThat(t.attributes().keySet()).noneMatch(a -> a.startsWith("on")));
        assertThat(doc.tags("a")).allSatisfy(a -> assertThat(a.attr("href")).doesNotStartWith("javascript:"));
        // in attributes and meta tags: the exact text, as data
        assertThat(doc.meta("og:title")).hasValue(title);
        assertThat(doc.meta("twitter:title")).hasValue(title);
        assertThat(doc.meta("og:description")).hasValue(description);
        assertThat(html).contains("<h1>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src&#61;x onerror&#61;alert(2)&gt;&#39;&#96;&#61;</h1>");
        // in the inline JSON: still the exact title, and nothing that could close the element
        String config = doc.scripts().get(0);
        assertThat(config).doesNotContain("<").doesNotContain(">");
        assertThat(MiniJson.object(config)).containsEntry("title", title);
        // in the oEmbed JSON and the iframe HTML it carries
        Map<String, Object> o = MiniJson.object(text(get(host.url("/s/oembed?url="
                + URLEncoder.encode(BASE + pagePath(d), StandardCharsets.UTF_8)))));
        assertThat(o).containsEntry("title", title);
        HtmlDoc iframe = new HtmlDoc((String) o.get("html"));
        assertThat(iframe.tags()).singleElement().satisfies(t -> assertThat(t.attr("title")).isEqualTo(title));
        // in the download's Content-Disposition
        String signed = get(host.url(pagePath(d) + "/download")).headers().firstValue("Location").orElseThrow();
        String disposition = get(host.url(signed.substring(BASE.length()))).headers().firstValue("Content-Disposition").orElseThrow();
        assertThat(disposition).startsWith("attachment; filename=\"").doesNotContain("<script>");
    }

    @Test
    void anAudioShareHasAnAudioCardWithItsPosterAnAudioPlayerAndAnM4aDownload() throws Exception {
        ShareDetails d = host.readyAudioShare(b -> b.title("Podcast moment").allowDownload(true));
        HtmlDoc doc = new HtmlDoc(text(get(host.url(pagePath(d)))));
        String pageUrl = BASE + pagePath(d);
        assertThat(doc.meta("og:audio")).hasValue(pageUrl + "/clip.mp4");
        assertThat(doc.meta("og:audio:secure_url")).hasValue(pageUrl + "/clip.mp4");
        assertThat(doc.meta("og:audio:type")).hasValue("audio/mp4");
        assertThat(doc.meta("og:image")).hasValue(pageUrl + "/thumbnail.jpg");
        assertThat(doc.meta("og:video")).as("no video card for sound").isEmpty();
        assertThat(doc.meta("twitter:player:stream:content_type")).hasValue("audio/mp4");
        assertThat(doc.tags("audio")).singleElement().satisfies(a -> assertThat(a.attr("src")).endsWith("/clip.mp4?v=1"));
        assertThat(doc.tags("video")).isEmpty();
        String signed = get(host.url(pagePath(d) + "/download")).headers().firstValue("Location").orElseThrow();
        HttpResponse<byte[]> file = get(host.url(signed.substring(BASE.length())));
        assertThat(file.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).startsWith("attachment; filename=\"Podcast moment.m4a\""));
        assertThat(file.body()).isEqualTo(Files.readAllBytes(TestMedia.get().audioClip));
        assertThat(get(host.url(pagePath(d) + "/clip.mp4")).headers().firstValue("Content-Type")).hasValue("audio/mp4");
    }
}
