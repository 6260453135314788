package dev.clipshare.servlet.internal.json;

import dev.clipshare.core.ValidationException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Typed, strict access to the fields of a request object. Unknown fields are refused, wrong
 * types are refused naming the field, and no refusal repeats the value it refused (it may be a
 * password). Distinguishes an absent field from an explicit {@code null}, which PATCH needs.
 */
public final class JsonFields {
    private final JsonObject node;
    private final String prefix;

    private JsonFields(JsonObject node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    /** Checks that {@code node} has no field outside {@code allowed}. */
    public static JsonFields of(JsonObject node, Set<String> allowed) {
        return of(node, allowed, "");
    }

    public static JsonFields of(JsonObject node, Set<String> allowed, String prefix) {
        for (String name : node.names()) {
            if (!allowed.contains(name)) {
                throw new ValidationException(prefix + name, "is not a known field; known fields are "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return new JsonFields(node, prefix);
    }

    /** Present, even with a {@code null} value. */
    public boolean present(String name) {
        return node.has(name);
    }

    /** Present with a {@code null} value. */
    public boolean isNull(String name) {
        return node.has(name) && node.get(name) == null;
    }

    private Object value(String name) {
        return node.get(name);
    }

    /** A string, or {@code null} when absent or {@code null}. */
    public String string(String name) {
        Object v = value(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw typeError(name, "a string", v);
        }
        return s;
    }

    public String requiredString(String name) {
        if (!present(name)) {
            throw new ValidationException(prefix + name, "is required");
        }
        String s = string(name);
        if (s == null) {
            throw new ValidationException(prefix + name, "must be a string, was null");
        }
        return s;
    }

    /** A boolean, or {@code null} when absent or {@code null}. */
    public Boolean bool(String name) {
        Object v = value(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Boolean b)) {
            throw typeError(name, "true or false", v);
        }
        return b;
    }

    public boolean requiredBool(String name) {
        if (!present(name)) {
            throw new ValidationException(prefix + name, "is required");
        }
        Boolean b = bool(name);
        if (b == null) {
            throw new ValidationException(prefix + name, "must be true or false, was null");
        }
        return b;
    }

    /** An integer in {@code min..max}, or {@code null} when absent or {@code null}. */
    public Long integer(String name, long min, long max) {
        Object v = value(name);
        if (v == null) {
            return null;
        }
        if (v instanceof BigInteger) {
            // the model holds an integer as a BigInteger only when it is beyond long
            throw new ValidationException(prefix + name, "must be " + min + ".." + max);
        }
        if (!(v instanceof Long l)) {
            throw typeError(name, "an integer", v);
        }
        if (l < min || l > max) {
            throw new ValidationException(prefix + name, "must be " + min + ".." + max + ", was " + l);
        }
        return l;
    }

    public long requiredInteger(String name, long min, long max) {
        Long l = integer(name, min, max);
        if (l == null) {
            throw new ValidationException(prefix + name, present(name) ? "must be an integer, was null" : "is required");
        }
        return l;
    }

    /** An RFC 3339 date-time with an offset, or {@code null} when absent or {@code null}. */
    public Instant instant(String name) {
        String s = string(name);
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new ValidationException(prefix + name, "must be an RFC 3339 date-time with an offset, e.g. 2026-05-01T12:00:00Z");
        }
    }

    /** A nested object, or {@code null} when absent or {@code null}. */
    public JsonObject object(String name) {
        Object v = value(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonObject o)) {
            throw typeError(name, "an object", v);
        }
        return o;
    }

    /** An object of string values, in order, or {@code null} when absent or {@code null}. */
    public Map<String, String> stringMap(String name) {
        JsonObject o = object(name);
        if (o == null) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : o.properties()) {
            if (!(e.getValue() instanceof String s)) {
                throw new ValidationException(prefix + name + "." + e.getKey(), "must be a string, was " + kind(e.getValue()));
            }
            map.put(e.getKey(), s);
        }
        return map;
    }

    private ValidationException typeError(String name, String expected, Object actual) {
        return new ValidationException(prefix + name, "must be " + expected + ", was " + kind(actual));
    }

    /** The JSON type of a value, for messages: never the value itself. */
    public static String kind(Object v) {
        if (v == null) return "null";
        if (v instanceof String) return "a string";
        if (v instanceof Boolean) return "a boolean";
        if (v instanceof Long || v instanceof BigInteger) return "an integer";
        if (v instanceof Number) return "a number";
        if (v instanceof JsonArray) return "an array";
        if (v instanceof JsonObject) return "an object";
        return "an unexpected value";
    }
}
