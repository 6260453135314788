package dev.clipshare.servlet.internal.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the token/path parser (regression mode over {@code ViewerPathFuzzTestInputs/} under
 * plain {@code mvn test}). Invariants: no exception; a path is routed only when it is exactly
 * the canonical spelling of that route (so no encoded, dotted, doubled or parameterised variant
 * can reach a share), and tokens and file names hold only their safe alphabets. The JSON routes
 * also take a segment that is no token (their token is then null, and the answer "missing").
 */
class ViewerPathFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void fuzzSharePath(FuzzedDataProvider data) {
        String raw = data.consumeRemainingAsString();
        ViewerPath p = ViewerPath.parse(raw, "/s");
        ViewerPath.isUnder(raw, "/s");
        assertThat(p).isNotNull();
        String canonical = switch (p.kind()) {
            case PAGE -> "/s/" + p.token();
            case UNLOCK -> "/s/" + p.token() + "/unlock";
            case STATUS -> p.token() == null ? null : "/s/" + p.token() + "/status";
            case GRANT -> p.token() == null ? null : "/s/" + p.token() + "/grant";
            case VIEW -> p.token() == null ? null : "/s/" + p.token() + "/view";
            case CLIP -> "/s/" + p.token() + "/clip.mp4";
            case THUMBNAIL -> "/s/" + p.token() + "/thumbnail.jpg";
            case DOWNLOAD -> "/s/" + p.token() + "/download";
            case HLS -> "/s/" + p.token() + "/hls/" + p.name();
            case OEMBED -> "/s/oembed";
            case ASSET -> "/s/assets/" + p.name();
            case NOT_FOUND, MEDIA_NOT_FOUND, BAD_REQUEST -> null;
        };
        if (canonical != null) {
            assertThat(raw).isEqualTo(canonical);
        }
        if ((p.kind() == ViewerPath.Kind.STATUS || p.kind() == ViewerPath.Kind.GRANT || p.kind() == ViewerPath.Kind.VIEW)
                && p.token() == null) {
            // a JSON route with no token: one plain segment (the answer is "missing", whatever it holds)
            assertThat(raw).matches("/s/[\\x21-\\x7e&&[^/%;\\\\]]+/(status|grant|view)").doesNotContain("/./").doesNotContain("/../");
        }
        if (p.token() != null) {
            assertThat(p.token()).matches("[A-Za-z0-9_-]{1,64}");
        }
        if (p.name() != null) {
            assertThat(p.name()).matches("[a-z0-9_-][a-z0-9._-]{0,63}").doesNotContain("..");
        }
    }
}
