package dev.clipshare.servlet.internal.api;

import dev.clipshare.core.ValidationException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The query string, parsed from the raw request line (never {@code getParameter}, which would
 * read a form body). Unknown and repeated parameters are refused, like unknown body fields.
 */
final class QueryParams {
    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    static QueryParams parse(String rawQuery, Set<String> allowed) {
        Map<String, String> values = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), "query");
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
                if (!allowed.contains(name)) {
                    throw new ValidationException(name, allowed.isEmpty() ? "is not a known query parameter; this route takes none"
                            : "is not a known query parameter; known are " + String.join(", ", allowed.stream().sorted().toList()));
                }
                if (values.putIfAbsent(name, value) != null) {
                    throw new ValidationException(name, "is given more than once");
                }
            }
        }
        return new QueryParams(values);
    }

    private static String decode(String s, String field) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(field, "is not correctly percent-encoded");
        }
    }

    String get(String name) {
        return values.get(name);
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null || v.isEmpty()) {
            throw new ValidationException(name, "is required");
        }
        return v;
    }

    int integer(String name, int min, int max, int fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v);
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ValidationException(name, "must be an integer " + min + ".." + max + ", was '" + v + "'");
    }

    boolean bool(String name) {
        String v = values.get(name);
        if (v == null) {
            return false;
        }
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ValidationException(name, "must be true or false, was '" + v + "'");
        };
    }
}
