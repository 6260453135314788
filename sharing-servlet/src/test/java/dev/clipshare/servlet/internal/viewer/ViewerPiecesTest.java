package dev.clipshare.servlet.internal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small pieces: client addresses behind proxies, CSRF tokens, forms, JSON, file names, playlists. */
class ViewerPiecesTest {

    @Test
    void forwardedForIsBelievedOnlyFromTrustedProxies() {
        ClientAddresses none = ClientAddresses.none();
        assertThat(none.resolve("203.0.113.9", List.of("1.2.3.4"))).isEqualTo("203.0.113.9");

        ClientAddresses proxies = ClientAddresses.trusting(List.of("10.0.0.0/8", "::1"));
        assertThat(proxies.resolve("10.1.2.3", List.of("198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(proxies.resolve("10.1.2.3", List.of("6.6.6.6, 198.51.100.7, 10.9.9.9"))).isEqualTo("198.51.100.7");
        assertThat(proxies.resolve("0:0:0:0:0:0:0:1", List.of("198.51.100.8"))).isEqualTo("198.51.100.8");
        assertThat(proxies.resolve("203.0.113.9", List.of("1.2.3.4"))).as("untrusted peer").isEqualTo("203.0.113.9");
        assertThat(proxies.resolve("10.1.2.3", List.of("evil.example, 10.0.0.2"))).as("garbage hop").isEqualTo("10.1.2.3");
        assertThat(proxies.resolve("10.1.2.3", List.of())).isEqualTo("10.1.2.3");
        // names made of hex digits and dots are names, not addresses: never looked up, never trusted
        ClientAddresses everything = ClientAddresses.trusting(List.of("0.0.0.0/0"));
        assertThat(everything.resolve("10.1.2.3", List.of("198.51.100.7, dead.beef.ca.fe"))).isEqualTo("10.1.2.3");
        assertThat(everything.resolve("10.1.2.3", List.of("198.51.100.7, 010.1.2.3"))).as("no octal forms").isEqualTo("10.1.2.3");
        assertThat(everything.resolve("10.1.2.3", List.of("198.51.100.7, 256.1.2.3"))).isEqualTo("10.1.2.3");
        assertThatThrownBy(() -> ClientAddresses.trusting(List.of("proxy.internal"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientAddresses.trusting(List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void csrfFieldsAreBoundToTheCookieAndTheShare() {
        String secret = Csrf.newSecret();
        String field = Csrf.field(secret, "token-a");
        assertThat(Csrf.verify(secret, field, "token-a")).isTrue();
        assertThat(Csrf.verify(secret, field, "token-b")).isFalse();
        assertThat(Csrf.verify(Csrf.newSecret(), field, "token-a")).isFalse();
        assertThat(Csrf.verify(null, field, "token-a")).isFalse();
        assertThat(Csrf.verify(secret, null, "token-a")).isFalse();
        assertThat(Csrf.verify("short", Csrf.field("short", "token-a"), "token-a")).isFalse();
    }

    @Test
    void formsAreReadUpToTheLimitOnly() throws Exception {
        byte[] small = "csrf=abc&password=p%C3%A4ss+word&password=second".getBytes(StandardCharsets.US_ASCII);
        assertThat(Forms.read(new ByteArrayInputStream(small), 4096)).hasValueSatisfying(m -> {
            assertThat(m.get("csrf")).isEqualTo("abc");
            assertThat(m.get("password")).isEqualTo("päss word");
        });
        byte[] big = ("password=" + "x".repeat(5000)).getBytes(StandardCharsets.US_ASCII);
        assertThat(Forms.read(new ByteArrayInputStream(big), 4096)).isEmpty();
        assertThat(Forms.read(new ByteArrayInputStream("a=%zz".getBytes(StandardCharsets.US_ASCII)), 4096)).hasValue(Map.of());
    }

    @Test
    void jsonStringsCannotCloseAScriptElement() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", "</script><script>alert(1)</script>\u2028'\"\\&");
        m.put("n", 5);
        m.put("none", null);
        String json = HtmlSafeJson.object(m);
        assertThat(json).doesNotContain("<").doesNotContain(">").doesNotContain("'").doesNotContain("\u2028")
                .isEqualTo("{\"title\":\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"
                        + "\\u2028\\u0027\\\"\\\\\\u0026\",\"n\":5,\"none\":null}");
    }

    @Test
    void contentDispositionCannotBeSplitOrEscaped() {
        assertThat(ContentDisposition.attachment("Intro", "clip", ".mp4"))
                .isEqualTo("attachment; filename=\"Intro.mp4\"; filename*=UTF-8''Intro.mp4");
        assertThat(ContentDisposition.attachment("a\"b;c\r\nSet-Cookie: x=1", "clip", ".mp4"))
                .doesNotContain("\r").doesNotContain("\n")
                .isEqualTo("attachment; filename=\"a_b_c Set-Cookie_ x=1.mp4\"; filename*=UTF-8''a%22b%3Bc%20Set-Cookie%3A%20x%3D1.mp4");
        assertThat(ContentDisposition.attachment("../../etc/passwd", "clip", ".mp4"))
                .isEqualTo("attachment; filename=\"etc passwd.mp4\"; filename*=UTF-8''etc%20passwd.mp4");
        assertThat(ContentDisposition.attachment(null, "clip", ".mp4")).contains("filename=\"clip.mp4\"");
        assertThat(ContentDisposition.attachment("日本語", "clip", ".mp4"))
                .isEqualTo("attachment; filename=\"___.mp4\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E.mp4");
    }

    @Test
    void playlistsGetTheirSegmentsSignedAndRefuseForeignUris() {
        String playlist = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nseg-00000.ts\n#EXTINF:2.0,\nseg-00001.ts\n#EXT-X-ENDLIST\n";
        assertThat(Playlists.rewrite(playlist, "?sig=abc")).hasValue(
                "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nseg-00000.ts?sig=abc\n#EXTINF:2.0,\nseg-00001.ts?sig=abc\n#EXT-X-ENDLIST\n");
        assertThat(Playlists.rewrite("#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:2,\nseg-1.m4s\n", "?v=2"))
                .hasValue("#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4?v=2\"\n#EXTINF:2,\nseg-1.m4s?v=2\n");
        assertThat(Playlists.rewrite("#EXTM3U\n#EXTINF:2,\nhttps://evil.example/seg.ts\n", "?v=1")).isEmpty();
        assertThat(Playlists.rewrite("#EXTM3U\n#EXTINF:2,\n../other/seg.ts\n", "?v=1")).isEmpty();
        assertThat(Playlists.rewrite("#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"https://k.example/\"\n", "?v=1")).isEmpty();
    }
}
