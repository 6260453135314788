package dev.clipshare.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of one Redis hash, both ways: {@link #put} collects field/value pairs to write (a
 * {@code null} value is simply left out, so "absent field" means {@code null}), and
 * {@link #of(List)} reads a {@code HGETALL} answer back with typed getters.
 *
 * <p>Encodings: instants as epoch milliseconds (scripts compare them as numbers; Clipshare works
 * at millisecond precision), durations in ISO-8601 ({@link Duration#toString()}, exact), booleans
 * as {@code 1}/{@code 0}, and string maps as length-prefixed pairs so any text round-trips and the
 * order is kept.
 */
final class Fields {
    private final Map<String, String> values;

    private Fields(Map<String, String> values) {
        this.values = values;
    }

    /** An empty set of fields to write. */
    static Fields create() {
        return new Fields(new LinkedHashMap<>());
    }

    /** A {@code HGETALL} answer ({@code field, value, field, value…}); empty for a missing hash. */
    static Fields of(List<?> flat) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put((String) flat.get(i), (String) flat.get(i + 1));
        }
        return new Fields(map);
    }

    /** A {@code HGETALL} answer as Lettuce maps it. */
    static Fields of(Map<String, String> map) {
        return new Fields(map);
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    // ------------------------------------------------------------------ writing

    Fields put(String field, String value) {
        if (value != null) {
            values.put(field, value);
        }
        return this;
    }

    Fields put(String field, long value) {
        return put(field, Long.toString(value));
    }

    Fields put(String field, boolean value) {
        return put(field, value ? "1" : "0");
    }

    Fields put(String field, Instant value) {
        return put(field, value == null ? null : millis(value));
    }

    Fields put(String field, Duration value) {
        return put(field, value == null ? null : value.toString());
    }

    Fields put(String field, Map<String, String> value) {
        return put(field, value == null ? null : encode(value));
    }

    /** The pairs as {@code field, value, field, value…}, ready to append to a script's arguments. */
    List<String> pairs() {
        List<String> out = new ArrayList<>(values.size() * 2);
        values.forEach((field, value) -> {
            out.add(field);
            out.add(value);
        });
        return out;
    }

    /** The fields to write, for a plain {@code HSET}. */
    Map<String, String> map() {
        return values;
    }

    // ------------------------------------------------------------------ reading

    String string(String field) {
        return values.get(field);
    }

    long number(String field) {
        return Long.parseLong(values.get(field));
    }

    int integer(String field) {
        return Integer.parseInt(values.get(field));
    }

    boolean flag(String field) {
        return "1".equals(values.get(field));
    }

    Instant instant(String field) {
        String v = values.get(field);
        return v == null ? null : Instant.ofEpochMilli(Long.parseLong(v));
    }

    Duration duration(String field) {
        String v = values.get(field);
        return v == null ? null : Duration.parse(v);
    }

    Map<String, String> map(String field) {
        String v = values.get(field);
        return v == null ? Map.of() : decode(v);
    }

    // ------------------------------------------------------------------ encodings

    /** An instant as the epoch-millisecond text scripts compare and store. */
    static String millis(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }

    /** {@code 5:alpha3:one} for {alpha=one}: each key and value preceded by its length and a colon. */
    private static String encode(Map<String, String> map) {
        StringBuilder out = new StringBuilder();
        map.forEach((k, v) -> out.append(k.length()).append(':').append(k).append(v.length()).append(':').append(v));
        return out.toString();
    }

    private static Map<String, String> decode(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        int[] at = {0};
        while (at[0] < text.length()) {
            String key = next(text, at);
            map.put(key, next(text, at));
        }
        return map;
    }

    private static String next(String text, int[] at) {
        int colon = text.indexOf(':', at[0]);
        int length = Integer.parseInt(text.substring(at[0], colon));
        at[0] = colon + 1 + length;
        return text.substring(colon + 1, at[0]);
    }
}
