package dev.clipshare.servlet.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Walks the password form the way a browser does: fetch the page, keep the CSRF cookie, post the form. */
final class Unlocker {
    final ViewerHost host;
    final String page;
    final String csrfCookie;
    final String csrfField;

    Unlocker(ViewerHost host, String page) {
        this(host, page, "");
    }

    Unlocker(ViewerHost host, String page, String query) {
        this.host = host;
        this.page = page;
        HttpResponse<byte[]> r = Http.get(host.url(page + query));
        assertThat(r.statusCode()).isEqualTo(200);
        String setCookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("__Host-clipshare-csrf="))
                .findFirst().orElseThrow();
        this.csrfCookie = setCookie.substring(0, setCookie.indexOf(';'));
        this.csrfField = new HtmlDoc(Http.text(r)).tags("input").stream().filter(t -> "csrf".equals(t.attr("name")))
                .map(t -> t.attr("value")).findFirst().orElseThrow();
    }

    HttpResponse<byte[]> post(String password, String... extraHeaders) {
        return postBody("csrf=" + csrfField + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8), extraHeaders);
    }

    HttpResponse<byte[]> postBody(String body, String... extraHeaders) {
        String[] headers = new String[extraHeaders.length + 2];
        headers[0] = "Cookie";
        headers[1] = csrfCookie;
        System.arraycopy(extraHeaders, 0, headers, 2, extraHeaders.length);
        return Http.postForm(host.url(page + "/unlock"), body, headers);
    }

    /** The {@code name=value} of the grant cookie a successful answer set. */
    static String grantCookie(HttpResponse<byte[]> r) {
        String c = r.headers().allValues("Set-Cookie").stream().filter(v -> v.startsWith("__Host-clipshare-g-")).findFirst().orElseThrow();
        return c.substring(0, c.indexOf(';'));
    }
}
