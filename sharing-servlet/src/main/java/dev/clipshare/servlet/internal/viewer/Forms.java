package dev.clipshare.servlet.internal.viewer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a small request body with a hard byte limit (the unlock form's
 * {@code application/x-www-form-urlencoded}, the grant request's JSON), without the container's
 * parameter parsing (whose limits are the host's and much larger).
 */
public final class Forms {
    private Forms() { }

    /**
     * The fields of the body, or empty when it is longer than {@code limit} bytes. Reads at most
     * {@code limit + 1} bytes whatever the client sends. Repeated fields keep their first value;
     * malformed escapes make the body unreadable (empty map).
     */
    public static Optional<Map<String, String>> read(InputStream in, int limit) throws IOException {
        return bytes(in, limit).map(b -> parse(new String(b, StandardCharsets.ISO_8859_1)));
    }

    /**
     * The raw body, or empty when it is longer than {@code limit} bytes. Reads at most
     * {@code limit + 1} bytes whatever the client sends (a missing or false {@code Content-Length},
     * a chunked body), so memory stays bounded.
     */
    public static Optional<byte[]> bytes(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(Math.min(limit, 1024));
        byte[] chunk = new byte[1024];
        int total = 0;
        int n;
        while ((n = in.read(chunk, 0, Math.min(chunk.length, limit + 1 - total))) > 0) {
            buf.write(chunk, 0, n);
            total += n;
            if (total > limit) {
                return Optional.empty();
            }
        }
        return Optional.of(buf.toByteArray());
    }

    static Map<String, String> parse(String body) {
        Map<String, String> fields = new HashMap<>();
        if (body.isEmpty()) {
            return fields;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                fields.putIfAbsent(decode(k), decode(v));
            } catch (IllegalArgumentException e) {
                return Map.of();
            }
        }
        return fields;
    }

    private static String decode(String s) {
        // browsers percent-encode every non-ASCII byte of a form; %XX sequences are read as UTF-8
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
