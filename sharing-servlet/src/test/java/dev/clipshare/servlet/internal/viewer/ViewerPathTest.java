package dev.clipshare.servlet.internal.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.servlet.internal.viewer.ViewerPath.Kind;
import org.junit.jupiter.api.Test;

/** The routes under the prefix, parsed from raw paths; disguised paths are refused, never rerouted. */
class ViewerPathTest {
    private static final String T = "AbCdEfGhIjKlMnOpQrStUvWxYz012-_9";

    private static Kind kind(String path) {
        return ViewerPath.parse(path, "/s").kind();
    }

    @Test
    void theRoutes() {
        assertThat(ViewerPath.parse("/s/" + T, "/s")).isEqualTo(new ViewerPath(Kind.PAGE, T, null));
        assertThat(kind("/s/" + T + "/unlock")).isEqualTo(Kind.UNLOCK);
        assertThat(ViewerPath.parse("/s/" + T + "/status", "/s")).isEqualTo(new ViewerPath(Kind.STATUS, T, null));
        assertThat(ViewerPath.parse("/s/" + T + "/grant", "/s")).isEqualTo(new ViewerPath(Kind.GRANT, T, null));
        assertThat(kind("/s/" + T + "/clip.mp4")).isEqualTo(Kind.CLIP);
        assertThat(kind("/s/" + T + "/thumbnail.jpg")).isEqualTo(Kind.THUMBNAIL);
        assertThat(kind("/s/" + T + "/download")).isEqualTo(Kind.DOWNLOAD);
        assertThat(ViewerPath.parse("/s/" + T + "/hls/seg-00001.ts", "/s")).isEqualTo(new ViewerPath(Kind.HLS, T, "seg-00001.ts"));
        assertThat(kind("/s/oembed")).isEqualTo(Kind.OEMBED);
        assertThat(ViewerPath.parse("/s/assets/player.js", "/s")).isEqualTo(new ViewerPath(Kind.ASSET, null, "player.js"));
        assertThat(kind("/share/links/" + T)).isEqualTo(Kind.BAD_REQUEST);
        assertThat(ViewerPath.parse("/share/links/" + T, "/share/links").kind()).isEqualTo(Kind.PAGE);
    }

    @Test
    void theJsonRoutesAnswerEvenForSegmentsThatAreNoToken() {
        assertThat(ViewerPath.parse("/s/no*token!/status", "/s")).isEqualTo(new ViewerPath(Kind.STATUS, null, null));
        assertThat(ViewerPath.parse("/s/" + "a".repeat(65) + "/grant", "/s")).isEqualTo(new ViewerPath(Kind.GRANT, null, null));
        assertThat(kind("/s/" + T + "/status/x")).isEqualTo(Kind.NOT_FOUND);
        assertThat(kind("/s/" + T + "/Status")).isEqualTo(Kind.NOT_FOUND);
        assertThat(kind("/s/../status")).isEqualTo(Kind.BAD_REQUEST);
        assertThat(kind("/s/" + T + "%2Fstatus")).isEqualTo(Kind.BAD_REQUEST);
    }

    @Test
    void anythingElseIsNotFound() {
        assertThat(kind("/s")).isEqualTo(Kind.NOT_FOUND);
        assertThat(kind("/s/")).isEqualTo(Kind.NOT_FOUND);
        assertThat(kind("/s/" + T + "/clip.mp3")).isEqualTo(Kind.NOT_FOUND);
        // under a media route: the media "not found", whatever the token or file looks like
        assertThat(kind("/s/" + T + "/hls/a/b.ts")).isEqualTo(Kind.MEDIA_NOT_FOUND);
        assertThat(kind("/s/" + T + "/hls/Index.m3u8")).isEqualTo(Kind.MEDIA_NOT_FOUND);
        assertThat(kind("/s/" + T + "/hls/a..b")).isEqualTo(Kind.MEDIA_NOT_FOUND);
        assertThat(kind("/s/to.ken/clip.mp4")).isEqualTo(Kind.MEDIA_NOT_FOUND);
        assertThat(kind("/s/to+ken/download")).isEqualTo(Kind.MEDIA_NOT_FOUND);
        assertThat(kind("/s/to.ken")).isEqualTo(Kind.NOT_FOUND);
        assertThat(kind("/s/assets/../x")).isEqualTo(Kind.BAD_REQUEST);
        assertThat(kind("/s/" + "a".repeat(65))).isEqualTo(Kind.NOT_FOUND);
        assertThat(kind("/sx/" + T)).isEqualTo(Kind.BAD_REQUEST);
    }

    @Test
    void disguisedPathsAreBadRequests() {
        for (String p : new String[] {
                "/s/" + T + "%2Fclip.mp4", "/s%2F" + T, "/s/" + T + "/%2e%2e/other", "/s/./" + T, "/s/../admin",
                "/s/" + T + "/../" + T, "/s/" + T + ";jsessionid=1", "/s;x=1/" + T, "/s/" + T + "\\clip.mp4",
                "/s\\" + T, "/s/" + T + "\u0000", "/s/" + T + "\t", "/s/" + T + "\r\nX: y", "/s//" + T, "/s/" + T + "/",
                "/s/" + T + "/hls//seg.ts", "/s/" + T + "\u00e9", "/s/" + "x".repeat(600)}) {
            assertThat(kind(p)).as(p).isEqualTo(Kind.BAD_REQUEST);
        }
    }

    @Test
    void onlyPathsThatContinueThePrefixBelongToIt() {
        assertThat(ViewerPath.isUnder("/s/x", "/s")).isTrue();
        assertThat(ViewerPath.isUnder("/s", "/s")).isTrue();
        assertThat(ViewerPath.isUnder("/s;a", "/s")).isTrue();
        assertThat(ViewerPath.isUnder("/s%2Fa", "/s")).isTrue();
        assertThat(ViewerPath.isUnder("/s\\a", "/s")).isTrue();
        assertThat(ViewerPath.isUnder("/share", "/s")).isFalse();
        assertThat(ViewerPath.isUnder("/x/s/a", "/s")).isFalse();
        assertThat(ViewerPath.isUnder(null, "/s")).isFalse();
    }
}
