package dev.clipshare.servlet.internal.api;

import dev.clipshare.servlet.internal.json.Json;
import dev.clipshare.servlet.internal.json.JsonArray;
import dev.clipshare.servlet.internal.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenAPI 3.1 document kept in the repository ({@value #RESOURCE}), served with its
 * {@code servers} entry pointing at where the API is actually mounted.
 */
public final class OpenApiDocument {
    /** Where the document lives on the class path. */
    public static final String RESOURCE = "/dev/clipshare/servlet/api/openapi.json";

    private final JsonObject document;
    /** One rendering per mount point; a host has one or two. */
    private final Map<String, byte[]> rendered = new ConcurrentHashMap<>();

    private OpenApiDocument(JsonObject document) {
        this.document = document;
    }

    static OpenApiDocument load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            JsonObject node = Json.parseObject(in.readAllBytes());
            if (node == null) {
                throw new IllegalStateException("empty resource " + RESOURCE);
            }
            return new OpenApiDocument(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] forServer(String serverUrl) {
        return rendered.computeIfAbsent(serverUrl, url -> {
            JsonObject copy = document.deepCopy();
            JsonArray servers = copy.putArray("servers");
            servers.addObject().put("url", url).put("description", "where this API is mounted");
            return Json.bytes(copy);
        });
    }
}
