package dev.clipshare.servlet.internal.json;

import dev.clipshare.core.ValidationException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Typed, strict access to the fields of a request object. Unknown fields are refused, wrong
 * types are refused naming the field, and no refusal repeats the value it refused (it may be a
 * password). Distinguishes an absent field from an explicit {@code null}, which PATCH needs.
 */
public final class JsonFields {
    private final ObjectNode node;
    private final String prefix;

    private JsonFields(ObjectNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    /** Checks that {@code node} has no field outside {@code allowed}. */
    public static JsonFields of(ObjectNode node, Set<String> allowed) {
        return of(node, allowed, "");
    }

    public static JsonFields of(ObjectNode node, Set<String> allowed, String prefix) {
        for (String name : node.propertyNames()) {
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
        JsonNode v = node.get(name);
        return v != null && v.isNull();
    }

    private JsonNode value(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    /** A string, or {@code null} when absent or {@code null}. */
    public String string(String name) {
        JsonNode v = value(name);
        if (v == null) {
            return null;
        }
        if (!v.isString()) {
            throw typeError(name, "a string", v);
        }
        return v.stringValue();
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
        JsonNode v = value(name);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw typeError(name, "true or false", v);
        }
        return v.booleanValue();
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
        JsonNode v = value(name);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber()) {
            throw typeError(name, "an integer", v);
        }
        if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw new ValidationException(prefix + name, "must be " + min + ".." + max
                    + (v.canConvertToLong() ? ", was " + v.longValue() : ""));
        }
        return v.longValue();
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
    public ObjectNode object(String name) {
        JsonNode v = value(name);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw typeError(name, "an object", v);
        }
        return (ObjectNode) v;
    }

    /** An object of string values, in order, or {@code null} when absent or {@code null}. */
    public Map<String, String> stringMap(String name) {
        ObjectNode o = object(name);
        if (o == null) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            JsonNode v = e.getValue();
            if (!v.isString()) {
                throw new ValidationException(prefix + name + "." + e.getKey(), "must be a string, was " + kind(v));
            }
            map.put(e.getKey(), v.stringValue());
        }
        return map;
    }

    private ValidationException typeError(String name, String expected, JsonNode actual) {
        return new ValidationException(prefix + name, "must be " + expected + ", was " + kind(actual));
    }

    /** The JSON type of a value, for messages: never the value itself. */
    public static String kind(JsonNode v) {
        if (v.isNull()) return "null";
        if (v.isString()) return "a string";
        if (v.isBoolean()) return "a boolean";
        if (v.isIntegralNumber()) return "an integer";
        if (v.isNumber()) return "a number";
        if (v.isArray()) return "an array";
        if (v.isObject()) return "an object";
        return "an unexpected value";
    }
}
