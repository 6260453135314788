package dev.clipshare.servlet.internal.json;

import dev.clipshare.core.ValidationException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * The servlet module's JSON: the strict parse every JSON request body goes through (the management
 * API's, {@code internal.api}, and the viewer's grant requests, {@code internal.viewer}) and the
 * writing of responses, on Jackson's streaming parser and generator ({@code jackson-core}) and the
 * small tree of {@link JsonObject} and {@link JsonArray}. Shared here so that neither side depends
 * on the other.
 *
 * <p>Only jackson-core, not jackson-databind: databind 3 needs a {@code jackson-annotations} newer
 * than the one Spring Boot 3.5 manages, so a Boot 3.5 host would have had to pin it; jackson-core
 * depends on nothing. The tree is read and written exactly as databind's {@code readTree} and
 * {@code writeValueAsBytes} did (same refusals, same bytes), and jackson-core's default
 * {@code StreamReadConstraints} (nesting depth, number, name and string lengths) apply. Thread-safe.
 */
public final class Json {
    /**
     * Duplicate keys are refused (which of two {@code password}s would count is not something a
     * client should have to guess). Anything after the first value is refused too, by
     * {@link #parseObject}, which asks for one more token. Otherwise Jackson's defaults, read and
     * write.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        // once per class loader, when the JSON is first used (building a ShareApi, or a first grant request)
        JacksonCoreVersion.warnIfOlderThanBuiltWith();
    }

    private Json() {}

    public static JsonObject object() {
        return new JsonObject();
    }

    /**
     * Parses a request body that must be one JSON object, or {@code null} when it holds no JSON
     * value at all (empty or blank). The detail of a refusal gives a line and column but never a
     * fragment of the body: the body may hold a password.
     */
    public static JsonObject parseObject(byte[] body) {
        Object value;
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), body)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return null;
            }
            value = read(p, first);
            if (p.nextToken() != null) {
                throw new ValidationException("body", "the request body is not well-formed JSON" + where(p.currentTokenLocation()));
            }
        } catch (JacksonException e) {
            String what = e.getMessage() != null && e.getMessage().startsWith("Duplicate Object property")
                    ? "has a property twice" : "is not well-formed JSON";
            throw new ValidationException("body", "the request body " + what + where(e.getLocation()));
        }
        if (!(value instanceof JsonObject o)) {
            throw new ValidationException("body", "must be a JSON object, was " + JsonFields.kind(value));
        }
        return o;
    }

    private static String where(TokenStreamLocation at) {
        return at == null || at.getLineNr() < 0 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /**
     * The value that starts with {@code first}, read to its end. Without recursion, so that the
     * depth of a body costs no stack; the parser refuses bodies nested deeper than its limit.
     */
    private static Object read(JsonParser p, JsonToken first) {
        Object root = scalarOrContainer(p, first);
        Deque<Object> open = new ArrayDeque<>();
        if (root instanceof JsonObject || root instanceof JsonArray) {
            open.push(root);
        }
        while (!open.isEmpty()) {
            Object container = open.peek();
            JsonToken t = p.nextToken();
            if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                open.pop();
                continue;
            }
            Object value;
            if (container instanceof JsonObject o) {
                // a blocking parser gives a property name here, or fails
                String name = p.currentName();
                value = scalarOrContainer(p, p.nextToken());
                o.putValue(name, value);
            } else {
                value = scalarOrContainer(p, t);
                ((JsonArray) container).addValue(value);
            }
            if (value instanceof JsonObject || value instanceof JsonArray) {
                open.push(value);
            }
        }
        return root;
    }

    /** A scalar's value, or a new empty container for a start token. Numbers as databind's tree read them. */
    private static Object scalarOrContainer(JsonParser p, JsonToken t) {
        if (t == null) {
            throw new IllegalStateException("the parser ended inside a value");
        }
        return switch (t) {
            case START_OBJECT -> new JsonObject();
            case START_ARRAY -> new JsonArray();
            case VALUE_STRING -> p.getString();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? p.getBigIntegerValue() : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalStateException("unexpected token " + t);
        };
    }

    /** The object as compact UTF-8 JSON, property order kept; strings escaped as Jackson escapes them. */
    public static byte[] bytes(JsonObject object) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            write(g, object);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, Object value) {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof JsonObject o) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : o.properties()) {
                g.writeName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            g.writeStartArray();
            for (Object v : ((JsonArray) value).values()) {
                write(g, v);
            }
            g.writeEndArray();
        }
    }
}
