package dev.clipshare.examples.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A small HTTP client for the demo's tests: no redirects followed, the sign-in cookie passed by hand. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String base;

    Http(String base) {
        this.base = base;
    }

    /** Signs in through the form and returns the cookie ({@code name=value}) to send afterwards. */
    String signIn(String user) {
        HttpResponse<String> r = postForm("/signin", null, Map.of("user", user, "next", "/"));
        if (r.statusCode() != 303) {
            throw new IllegalStateException("sign-in answered " + r.statusCode());
        }
        return cookie(r).orElseThrow();
    }

    static Optional<String> cookie(HttpResponse<?> r) {
        return r.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(SignIn.COOKIE + "="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst();
    }

    HttpResponse<String> get(String path, String cookie) {
        return send(request(path, cookie).GET());
    }

    HttpResponse<byte[]> getBytes(String path, String cookie, String range) {
        HttpRequest.Builder b = request(path, cookie).GET();
        if (range != null) {
            b.header("Range", range);
        }
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> postJson(String path, String cookie, String json) {
        return send(request(path, cookie).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> putJson(String path, String cookie, String json) {
        return send(request(path, cookie).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> postForm(String path, String cookie, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(path, cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Posts a multipart form with a title and one file, as the upload form does. */
    HttpResponse<String> upload(String cookie, String title, String fileName, byte[] content) {
        String boundary = "----clipshare-test-" + System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n" + title + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(request("/videos", cookie).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
    }

    private HttpRequest.Builder request(String path, String cookie) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                .timeout(Duration.ofSeconds(30));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return b;
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
