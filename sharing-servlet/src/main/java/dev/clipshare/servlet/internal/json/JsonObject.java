package dev.clipshare.servlet.internal.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A JSON object whose properties keep the order they were put in (responses are compared byte for
 * byte, and clients read them top down). Values are {@code null}, {@link String}, {@link Boolean},
 * {@link Long} (an integer), {@link java.math.BigInteger} (an integer beyond {@code long}),
 * {@link Double} (any other number), {@link JsonObject} or {@link JsonArray}; the typed
 * {@code put} methods keep it so. Putting a name again replaces its value in place, as Jackson's
 * tree did. Not thread-safe: built by one thread, then read.
 */
public final class JsonObject {
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public JsonObject put(String name, String value) {
        return putValue(name, value);
    }

    public JsonObject put(String name, long value) {
        return putValue(name, value);
    }

    public JsonObject put(String name, boolean value) {
        return putValue(name, value);
    }

    public JsonObject put(String name, JsonObject value) {
        return putValue(name, value);
    }

    public JsonObject putNull(String name) {
        return putValue(name, null);
    }

    /** A new empty object under {@code name}, for filling in. */
    public JsonObject putObject(String name) {
        JsonObject o = new JsonObject();
        putValue(name, o);
        return o;
    }

    /** A new empty array under {@code name}, for filling in. */
    public JsonArray putArray(String name) {
        JsonArray a = new JsonArray();
        putValue(name, a);
        return a;
    }

    /** Only values of the types listed above: the parser and the typed methods call it. */
    JsonObject putValue(String name, Object value) {
        properties.put(name, JsonArray.checked(value));
        return this;
    }

    /** Present, even with a {@code null} value. */
    public boolean has(String name) {
        return properties.containsKey(name);
    }

    /** The value, or {@code null} when absent or {@code null} (tell them apart with {@link #has}). */
    public Object get(String name) {
        return properties.get(name);
    }

    /** The names, in order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(properties.keySet());
    }

    /** The properties, in order. */
    public Set<Map.Entry<String, Object>> properties() {
        return Collections.unmodifiableMap(properties).entrySet();
    }

    public int size() {
        return properties.size();
    }

    /** A copy whose nested objects and arrays are copies too. */
    public JsonObject deepCopy() {
        JsonObject copy = new JsonObject();
        properties.forEach((name, value) -> copy.properties.put(name, JsonArray.deepCopy(value)));
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonObject other && properties.equals(other.properties);
    }

    @Override
    public int hashCode() {
        return properties.hashCode();
    }

    /** Never the values: a request body may hold a password. */
    @Override
    public String toString() {
        return "JsonObject" + properties.keySet();
    }
}
