package dev.clipshare.servlet.viewer;

import static dev.clipshare.servlet.viewer.ViewerHost.pagePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ShareDetails;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What a single-page app or a mobile app does with the viewer's JSON endpoints, for the tests. */
final class JsonClient {
    private JsonClient() { }

    static HttpResponse<byte[]> status(ViewerHost host, ShareDetails d, String... headers) {
        return Http.get(host.url(pagePath(d) + "/status"), headers);
    }

    static HttpResponse<byte[]> grant(ViewerHost host, ShareDetails d, String body, String... headers) {
        return Http.postJson(host.url(pagePath(d) + "/grant"), body, headers);
    }

    /** {@code {"password": ...}}, or {@code {}} for {@code null}. */
    static String passwordBody(String password) {
        if (password == null) {
            return "{}";
        }
        StringBuilder sb = new StringBuilder("{\"password\":\"");
        for (char c : password.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append("\"}").toString();
    }

    /** Obtains a grant, asserting the answer is the documented success. */
    static String grantToken(ViewerHost host, ShareDetails d, String password) {
        HttpResponse<byte[]> r = grant(host, d, passwordBody(password));
        assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
        Map<String, Object> json = json(r);
        assertThat(json).containsEntry("ok", true).containsOnlyKeys("ok", "grant_token", "expires_at");
        return (String) json.get("grant_token");
    }

    static Map<String, Object> json(HttpResponse<byte[]> r) {
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return MiniJson.object(Http.text(r));
    }

    /** The headers every JSON answer of the viewer carries. */
    static void assertJsonHeaders(String what, HttpResponse<?> r) {
        assertThat(r.headers().firstValue("Cache-Control")).as(what).hasValue("no-store");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
        assertThat(r.headers().firstValue("X-Robots-Tag")).as(what).hasValue("noindex, nofollow");
        assertThat(r.headers().firstValue("Content-Security-Policy")).as(what).hasValue("default-src 'none'; frame-ancestors 'none'");
        assertThat(r.headers().allValues("Set-Cookie")).as(what).isEmpty();
    }

    /** Every header but {@code Date}, names lower-cased: what must match between two "identical" answers. */
    static Map<String, List<String>> headersWithoutDate(HttpResponse<?> r) {
        return r.headers().map().entrySet().stream().filter(e -> !e.getKey().equalsIgnoreCase("date"))
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(), Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    /** Asserts that all answers are the same status, headers (but the date) and bytes as the first. */
    static void assertIdentical(List<HttpResponse<byte[]>> answers, int status) {
        HttpResponse<byte[]> first = answers.get(0);
        for (HttpResponse<byte[]> r : answers) {
            assertThat(r.statusCode()).isEqualTo(status);
            assertThat(r.body()).isEqualTo(first.body());
            assertThat(headersWithoutDate(r)).isEqualTo(headersWithoutDate(first));
        }
    }
}
