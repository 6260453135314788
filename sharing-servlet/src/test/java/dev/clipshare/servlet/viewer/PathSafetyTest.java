package dev.clipshare.servlet.viewer;

import static dev.clipshare.servlet.viewer.ViewerHost.pagePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ShareDetails;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Disguised paths sent raw over a socket: none reaches another share or the host app behind the
 * filter. On Jetty, told to accept any URI, the filter itself refuses every one of them. Other
 * containers refuse some before the filter sees them, with their own 400, which these tests accept
 * (never a 200, never share or host content); and two read a request differently, checked where
 * they happen (the README's "Servlet containers" lists the same):
 * <ul>
 *   <li>Tomcat 10.1 and 11 refuse themselves an encoded slash ({@code %2F}) anywhere, a backslash,
 *       {@code %00} and control characters. Tomcat reads a tab before {@code HTTP/1.1} as the
 *       separator (RFC 9112 section 3 allows it): {@code /s/<b>\t} is b's page.
 *   <li>Undertow 2.3 refuses itself a backslash and control characters (a tab too). It leaves dot
 *       segments in place, in the servlet path too, so {@code /x/../s/<b>} is not a share path
 *       there: the host answers it as its literal path.
 * </ul>
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
            if (on("Undertow") && target.startsWith("/x/../")) {
                assertThat(r.text()).as(target).isEqualTo("host:" + target);
                continue;
            }
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
            if (on("Tomcat") && target.endsWith("\t")) {
                assertThat(r.text()).as("GET " + pagePath(b)).contains("Share B");
                continue;
            }
            assertThat(r.status()).as(target).isEqualTo(400);
            assertThat(r.text()).doesNotContain("Share B").doesNotContain("host:");
        }
    }

    @Test
    void theFilterItselfAnswers400ForEncodingsAndParameters() {
        Http.Raw encoded = Http.raw(host.port, "GET", "/s/" + b.token().value() + "%2Fclip.mp4");
        assertThat(encoded.status()).isEqualTo(400);
        if (on("Tomcat")) { // Tomcat refuses an encoded slash itself
            assertThat(encoded.text()).doesNotContain("Share B").doesNotContain("host:");
        } else {
            assertThat(encoded.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(encoded.text()).isEqualTo("Bad request\n");
        }
        Http.Raw parameter = Http.raw(host.port, "GET", "/s;v=1/" + b.token().value());
        assertThat(parameter.status()).isEqualTo(400);
        assertThat(parameter.text()).isEqualTo("Bad request\n");
    }

    /** Whether the suite runs on the named container (see the class comment for the differences). */
    private static boolean on(String container) {
        return host.container.name().startsWith(container + " ");
    }

    @Test
    void theRealPathsStillWork() {
        assertThat(Http.raw(host.port, "GET", pagePath(b)).text()).contains("Share B");
        assertThat(Http.raw(host.port, "GET", "/S/" + b.token().value()).text()).as("another path: the host's")
                .isEqualTo("host:/S/" + b.token().value());
        assertThat(Http.raw(host.port, "HEAD", pagePath(b) + "/clip.mp4").status()).isEqualTo(200);
    }
}
