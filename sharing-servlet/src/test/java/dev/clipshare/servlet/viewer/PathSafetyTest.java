package dev.clipshare.servlet.viewer;

import static dev.clipshare.servlet.viewer.ViewerHost.pagePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ShareDetails;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Disguised paths sent raw over a socket to a Jetty told to accept any URI: the filter, not the
 * container, refuses them, and none reaches another share or the host app behind the filter.
 */
class PathSafetyTest {
    private static ViewerHost host;
    private static ShareDetails a;
    private static ShareDetails b;

    @BeforeAll
    static void start() {
        host = new ViewerHost();
        a = host.readyShare(x -> x.title("Share A"));
        b = host.readyShare(x -> x.title("Share B"));
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
    }

    @Test
    void disguisedSharePathsAreRefusedAndNeverReachAnotherShareOrTheHost() {
        String ta = a.token().value();
        String tb = b.token().value();
        List<String> targets = List.of(
                "/s/" + ta + "%2Fclip.mp4",
                "/s%2F" + ta,
                "/s/" + ta + "/..%2F" + tb,
                "/s/" + ta + "/../" + tb,
                "/s/" + ta + "/%2e%2e/" + tb,
                "/s/./" + tb,
                "/s/../library/secret",
                "/s/" + ta + "/../../library/secret",
                "/s/" + tb + ";jsessionid=abc",
                "/s;x=1/" + tb,
                "/s/" + tb + "/clip.mp4;.jpg",
                "/s/" + ta + "\\..\\" + tb,
                "/s\\" + tb,
                "/s//" + tb,
                "/s/" + tb + "/",
                "/s/" + tb + "%00",
                "/s/" + tb + "%0d%0aSet-Cookie:%20x=1",
                "/x/../s/" + tb,
                "/s/" + tb + "/hls/..%2findex.m3u8",
                "/s/" + tb + "/hls/%2e%2e%2f%2e%2e%2fclip.mp4");
        for (String target : targets) {
            Http.Raw r = Http.raw(host.port, "GET", target);
            assertThat(r.status()).as(target).isIn(400, 404);
            assertThat(r.text()).as(target).doesNotContain("host:").doesNotContain("Share A").doesNotContain("Share B")
                    .doesNotContain("clipshare-video");
            assertThat(r.header("Set-Cookie")).as(target).isNull();
        }
    }

    @Test
    void controlCharactersAndSpacesInThePathAreRefused() {
        for (String target : List.of("/s/" + b.token().value() + "\t", "/s/\u0001" + b.token().value(), "/s/" + b.token().value() + "\u007f")) {
            Http.Raw r = Http.raw(host.port, "GET", target);
            assertThat(r.status()).as(target).isEqualTo(400);
            assertThat(r.text()).doesNotContain("Share B").doesNotContain("host:");
        }
    }

    @Test
    void theFilterItselfAnswers400ForEncodingsAndParameters() {
        Http.Raw encoded = Http.raw(host.port, "GET", "/s/" + b.token().value() + "%2Fclip.mp4");
        assertThat(encoded.status()).isEqualTo(400);
        assertThat(encoded.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(encoded.text()).isEqualTo("Bad request\n");
        Http.Raw parameter = Http.raw(host.port, "GET", "/s;v=1/" + b.token().value());
        assertThat(parameter.status()).isEqualTo(400);
        assertThat(parameter.text()).isEqualTo("Bad request\n");
    }

    @Test
    void theRealPathsStillWork() {
        assertThat(Http.raw(host.port, "GET", pagePath(b)).text()).contains("Share B");
        assertThat(Http.raw(host.port, "GET", "/S/" + b.token().value()).text()).as("another path: the host's")
                .isEqualTo("host:/S/" + b.token().value());
        assertThat(Http.raw(host.port, "HEAD", pagePath(b) + "/clip.mp4").status()).isEqualTo(200);
    }
}
