package dev.clipshare.examples.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The demo's style sheet, script and icon, read from the class path once at start and served
 * from memory with a content hash in their URL, so a browser never runs a stale script.
 */
final class Assets {
    private static final String FOLDER = "dev/clipshare/examples/demo/assets/";
    private static final Map<String, String> TYPES = Map.of(
            "app.css", "text/css; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private record Asset(byte[] bytes, String type, String hash) { }

    private final Map<String, Asset> assets;

    Assets() {
        Map<String, Asset> m = new java.util.HashMap<>();
        for (Map.Entry<String, String> e : TYPES.entrySet()) {
            byte[] bytes = read(e.getKey());
            m.put(e.getKey(), new Asset(bytes, e.getValue(), hash(bytes)));
        }
        this.assets = Map.copyOf(m);
    }

    /** The URL of an asset, with its content hash. */
    String url(String name) {
        Asset a = assets.get(name);
        return "/assets/" + name + "?v=" + a.hash;
    }

    /** Answers {@code GET /assets/<name>}; 404 for anything else. */
    void serve(String name, HttpServletRequest req, HttpServletResponse res) throws IOException {
        Asset a = assets.get(name);
        if (a == null) {
            res.sendError(404);
            return;
        }
        String etag = "\"" + a.hash + "\"";
        res.setHeader("ETag", etag);
        res.setHeader("Cache-Control", req.getParameter("v") != null ? "public, max-age=31536000, immutable" : "no-cache");
        res.setHeader("X-Content-Type-Options", "nosniff");
        if (etag.equals(req.getHeader("If-None-Match"))) {
            res.setStatus(304);
            return;
        }
        res.setContentType(a.type);
        res.setContentLength(a.bytes.length);
        res.getOutputStream().write(a.bytes);
    }

    private static byte[] read(String name) {
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("missing asset " + FOLDER + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
