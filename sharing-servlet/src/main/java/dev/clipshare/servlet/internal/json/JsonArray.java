package dev.clipshare.servlet.internal.json;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A JSON array: values of the types {@link JsonObject} lists, in order. Not thread-safe: built by
 * one thread, then read.
 */
public final class JsonArray {
    private final List<Object> values = new ArrayList<>();

    public JsonArray add(String value) {
        return addValue(value);
    }

    public JsonArray add(long value) {
        return addValue(value);
    }

    public JsonArray add(boolean value) {
        return addValue(value);
    }

    public JsonArray add(JsonObject value) {
        return addValue(value);
    }

    public JsonArray addNull() {
        return addValue(null);
    }

    /** A new empty object at the end, for filling in. */
    public JsonObject addObject() {
        JsonObject o = new JsonObject();
        addValue(o);
        return o;
    }

    /** A new empty array at the end, for filling in. */
    public JsonArray addArray() {
        JsonArray a = new JsonArray();
        addValue(a);
        return a;
    }

    JsonArray addValue(Object value) {
        values.add(checked(value));
        return this;
    }

    public Object get(int index) {
        return values.get(index);
    }

    /** The values, in order. */
    public List<Object> values() {
        return Collections.unmodifiableList(values);
    }

    public int size() {
        return values.size();
    }

    /** A copy whose nested objects and arrays are copies too. */
    public JsonArray deepCopy() {
        JsonArray copy = new JsonArray();
        for (Object v : values) {
            copy.values.add(deepCopy(v));
        }
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonArray other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** Never the values: a request body may hold a password. */
    @Override
    public String toString() {
        return "JsonArray[" + values.size() + " values]";
    }

    static Object deepCopy(Object value) {
        if (value instanceof JsonObject o) {
            return o.deepCopy();
        }
        if (value instanceof JsonArray a) {
            return a.deepCopy();
        }
        return value;   // the rest is immutable
    }

    /** Keeps the model to the types the writer and {@link JsonFields} know. */
    static Object checked(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof BigInteger || value instanceof Double
                || value instanceof JsonObject || value instanceof JsonArray) {
            return value;
        }
        throw new IllegalArgumentException("not a JSON value of this model: " + value.getClass().getName());
    }
}
