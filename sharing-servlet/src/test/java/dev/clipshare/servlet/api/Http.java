package dev.clipshare.servlet.api;

import dev.clipshare.core.Principal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client for the API under test, over {@link HttpClient} and a real socket. Remembers
 * every response it received, so tests can scan all of them (for a password, say).
 */
final class Http {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final URI origin;
    private final String apiPath;
    private final List<Res> received = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param origin  e.g. {@code http://127.0.0.1:8123}
     * @param apiPath the API's path on that origin, e.g. {@code /app/api}
     */
    Http(URI origin, String apiPath) {
        this.origin = origin;
        this.apiPath = apiPath;
    }

    String apiPath() {
        return apiPath;
    }

    Req as(Principal user) {
        return new Req().header("Authorization", "Bearer " + user.id());
    }

    Req anonymous() {
        return new Req();
    }

    /** Everything received so far. */
    List<Res> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** One request being put together. Paths are relative to the API path unless they start with {@code //}. */
    final class Req {
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String contentType = "application/json";

        Req header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** The {@code Content-Type} of bodies; {@code null} sends none. */
        Req contentType(String type) {
            this.contentType = type;
            return this;
        }

        Res get(String path) {
            return send("GET", path, null);
        }

        Res delete(String path) {
            return send("DELETE", path, null);
        }

        Res post(String path, String body) {
            return send("POST", path, body);
        }

        Res put(String path, String body) {
            return send("PUT", path, body);
        }

        Res patch(String path, String body) {
            return send("PATCH", path, body);
        }

        Res send(String method, String path, String body) {
            return send(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8), body != null);
        }

        Res send(String method, String path, HttpRequest.BodyPublisher publisher, boolean withContentType) {
            try {
                return async(method, path, publisher, withContentType).join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw new UncheckedIOException(io);
                }
                throw e;
            }
        }

        CompletableFuture<Res> async(String method, String path, HttpRequest.BodyPublisher publisher, boolean withContentType) {
            URI uri = origin.resolve(path.startsWith("//") ? path.substring(1) : apiPath + path);
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).method(method, publisher);
            headers.forEach(b::header);
            if (withContentType && contentType != null) {
                b.header("Content-Type", contentType);
            }
            return CLIENT.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .thenApply(r -> {
                        Res res = new Res(method, uri.getRawPath(), r.statusCode(), r.headers(), r.body());
                        received.add(res);
                        return res;
                    });
        }
    }

    /** One response. */
    record Res(String method, String path, int status, HttpHeaders headers, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }

        @Override
        public String toString() {
            return method + " " + path + " -> " + status + " " + body;
        }
    }
}
