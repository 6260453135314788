package dev.clipshare.servlet.internal.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipshare.core.ValidationException;
import java.math.BigInteger;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The strict parse of request bodies and the writing of answers, as a client sees them: what is
 * refused and with which words (never a fragment of the body), what is read, and the exact bytes.
 */
class JsonTest {

    private static JsonObject parse(String body) {
        return Json.parseObject(body.getBytes(UTF_8));
    }

    private static String refusal(String body) {
        try {
            parse(body);
        } catch (ValidationException e) {
            assertThat(e.field()).isEqualTo("body");
            return e.getMessage().substring("body: ".length());
        }
        throw new AssertionError("accepted: " + body);
    }

    private static String text(JsonObject o) {
        return new String(Json.bytes(o), UTF_8);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", " ", "\n\t "})
    void aBodyWithNoValueIsNoObject(String body) {
        assertThat(parse(body)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"password":sneaky}              | the request body is not well-formed JSON (line 1, column 13)
            {"password":"sneaky" garbage}    | the request body is not well-formed JSON (line 1, column 22)
            {'a':1}                          | the request body is not well-formed JSON (line 1, column 2)
            {"a":NaN}                        | the request body is not well-formed JSON (line 1, column 9)
            {"a":[1,]}                       | the request body is not well-formed JSON (line 1, column 9)
            {"a":1                           | the request body is not well-formed JSON (line 1, column 7)
            {} x                             | the request body is not well-formed JSON (line 1, column 4)
            {}{}                             | the request body is not well-formed JSON (line 1, column 3)
            {} 1                             | the request body is not well-formed JSON (line 1, column 4)
            {"a":1}}                         | the request body is not well-formed JSON (line 1, column 8)
            {"a":1,"a":2}                    | the request body has a property twice (line 1, column 11)
            {"password":"p","password":"q"}  | the request body has a property twice (line 1, column 27)
            {"o":{"a":1,"a":2}}              | the request body has a property twice (line 1, column 16)
            [{"a":1}]                        | must be a JSON object, was an array
            null                             | must be a JSON object, was null
            "s"                              | must be a JSON object, was a string
            1                                | must be a JSON object, was an integer
            1.5                              | must be a JSON object, was a number
            true                             | must be a JSON object, was a boolean
            """)
    void refusalsSayWhereAndWhatButQuoteNothing(String body, String detail) {
        assertThat(refusal(body)).isEqualTo(detail).doesNotContain("sneaky").doesNotContain("garbage");
    }

    @Test
    void aRefusalCountsLinesAndColumnsAcrossTheBody() {
        assertThat(refusal("{\n\"a\":1,\n\"b\": x\n}")).isEqualTo("the request body is not well-formed JSON (line 3, column 6)");
    }

    /** Jackson's default {@code StreamReadConstraints}: 500 levels, 1000-digit numbers, 50,000-character names. */
    @Test
    void jacksonsDefaultReadLimitsHold() {
        assertThat(parse("{\"a\":" + "[".repeat(499) + "]".repeat(499) + "}")).isNotNull();
        assertThat(refusal("{\"a\":" + "[".repeat(500) + "]".repeat(500) + "}")).isEqualTo("the request body is not well-formed JSON");
        assertThat(refusal("{\"a\":" + "[".repeat(100_000))).isEqualTo("the request body is not well-formed JSON");

        assertThat(parse("{\"a\":" + "7".repeat(1000) + "}").get("a")).isEqualTo(new BigInteger("7".repeat(1000)));
        assertThat(refusal("{\"a\":" + "7".repeat(1001) + "}")).isEqualTo("the request body is not well-formed JSON");

        assertThat(parse("{\"" + "k".repeat(50_000) + "\":1}").size()).isEqualTo(1);
        assertThat(refusal("{\"" + "k".repeat(50_001) + "\":1}")).isEqualTo("the request body is not well-formed JSON");
    }

    @Test
    void readsEveryKindOfValueInOrder() {
        JsonObject o = parse("""
                {"s": "é\\u20ac\\n", "t": true, "f": false, "z": null, "i": -7, "l": 9223372036854775807,
                 "big": 9223372036854775808, "d": 2.50, "e": 1e2, "o": {"k": [1, "x", null, [], {}]}}""");
        assertThat(o.names()).containsExactly("s", "t", "f", "z", "i", "l", "big", "d", "e", "o");
        assertThat(o.get("s")).isEqualTo("é€\n");
        assertThat(o.get("t")).isEqualTo(true);
        assertThat(o.get("f")).isEqualTo(false);
        assertThat(o.has("z")).isTrue();
        assertThat(o.get("z")).isNull();
        assertThat(o.has("missing")).isFalse();
        assertThat(o.get("i")).isEqualTo(-7L);
        assertThat(o.get("l")).isEqualTo(Long.MAX_VALUE);
        assertThat(o.get("big")).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(o.get("d")).isEqualTo(2.5);
        assertThat(o.get("e")).isEqualTo(100.0);
        JsonArray k = (JsonArray) ((JsonObject) o.get("o")).get("k");
        assertThat(k.values()).containsExactly(1L, "x", null, new JsonArray(), new JsonObject());
    }

    /** The bytes Jackson's tree wrote: compact, in order, its escapes, its number forms. */
    @Test
    void writesCompactJsonInPutOrderWithJacksonsEscapes() {
        JsonObject o = Json.object()
                .put("z", "last-put-first")
                .put("s", "\"\\/<>&' \u0000\u001f\u007f\b\f\n\r\t é € \u2028 😀")
                .put("n", 42)
                .put("big", Long.MIN_VALUE)
                .put("b", false)
                .putNull("none");
        o.putObject("o").put("k", "v");
        o.putArray("a").add(1).add("x").addNull().add(true).addObject().put("y", 2);
        o.put("z", "replaced in place");
        assertThat(text(o)).isEqualTo("{\"z\":\"replaced in place\","
                + "\"s\":\"\\\"\\\\/<>&' \\u0000\\u001F\u007f\\b\\f\\n\\r\\t é € \u2028 😀\","
                + "\"n\":42,\"big\":-9223372036854775808,\"b\":false,\"none\":null,"
                + "\"o\":{\"k\":\"v\"},\"a\":[1,\"x\",null,true,{\"y\":2}]}");
    }

    @Test
    void numbersReadAreWrittenBackAsJacksonWroteThem() {
        assertThat(text(parse("{\"a\":1.0,\"b\":1e2,\"c\":-0,\"d\":0.1,\"e\":123456789012345678901234567890,\"f\":1e400}")))
                .isEqualTo("{\"a\":1.0,\"b\":100.0,\"c\":0,\"d\":0.1,\"e\":123456789012345678901234567890,\"f\":\"Infinity\"}");
    }

    @Test
    void aDeepCopyIsIndependent() {
        JsonObject o = parse("{\"servers\":[{\"url\":\"/\"}],\"info\":{\"title\":\"t\"}}");
        JsonObject copy = o.deepCopy();
        copy.putArray("servers").addObject().put("url", "https://h.example/api");
        ((JsonObject) copy.get("info")).put("title", "changed");
        assertThat(text(o)).isEqualTo("{\"servers\":[{\"url\":\"/\"}],\"info\":{\"title\":\"t\"}}");
        assertThat(text(copy)).isEqualTo("{\"servers\":[{\"url\":\"https://h.example/api\"}],\"info\":{\"title\":\"changed\"}}");
    }

    @Test
    void aTreePrintsNoValue() {
        JsonObject o = parse("{\"password\":\"hunter2\",\"a\":[\"hunter2\"]}");
        assertThat(o.toString()).doesNotContain("hunter2").contains("password");
        assertThat(o.get("a").toString()).doesNotContain("hunter2");
    }

    // ------------------------------------------------------------------ fields

    @Test
    void fieldsAreTypedAndTheirRefusalsNameTheFieldButNotTheValue() {
        JsonFields f = JsonFields.of(parse("""
                {"s": "x", "b": true, "n": 3, "z": null, "d": 3.0, "big": 99999999999999999999, "t": "2026-05-01T12:00:00+02:00",
                 "m": {"k": "v", "k2": "w"}, "bad": {"k": 7}}"""), new AnyName(), "range.");
        assertThat(f.string("s")).isEqualTo("x");
        assertThat(f.bool("b")).isTrue();
        assertThat(f.integer("n", 0, 10)).isEqualTo(3L);
        assertThat(f.present("z")).isTrue();
        assertThat(f.isNull("z")).isTrue();
        assertThat(f.string("z")).isNull();
        assertThat(f.present("absent")).isFalse();
        assertThat(f.isNull("absent")).isFalse();
        assertThat(f.instant("t")).hasToString("2026-05-01T10:00:00Z");
        assertThat(f.stringMap("m")).containsExactly(Map.entry("k", "v"), Map.entry("k2", "w"));

        assertRefused(() -> f.string("n"), "range.n", "must be a string, was an integer");
        assertRefused(() -> f.bool("s"), "range.s", "must be true or false, was a string");
        assertRefused(() -> f.integer("d", 0, 10), "range.d", "must be an integer, was a number");
        assertRefused(() -> f.integer("n", 5, 10), "range.n", "must be 5..10, was 3");
        assertRefused(() -> f.integer("big", 0, 10), "range.big", "must be 0..10");
        assertRefused(() -> f.requiredInteger("z", 0, 10), "range.z", "must be an integer, was null");
        assertRefused(() -> f.requiredString("absent"), "range.absent", "is required");
        assertRefused(() -> f.requiredBool("z"), "range.z", "must be true or false, was null");
        assertRefused(() -> f.object("s"), "range.s", "must be an object, was a string");
        assertRefused(() -> f.stringMap("bad"), "range.bad.k", "must be a string, was an integer");
        assertRefused(() -> f.instant("s"), "range.s", "must be an RFC 3339 date-time with an offset, e.g. 2026-05-01T12:00:00Z");
    }

    @Test
    void anUnknownFieldIsRefusedNamingTheKnownOnes() {
        assertRefused(() -> JsonFields.of(parse("{\"password\":\"x\",\"passwrod\":\"y\"}"), Set.of("password")),
                "passwrod", "is not a known field; known fields are password");
    }

    private static void assertRefused(Runnable call, String field, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).isEqualTo(field + ": " + message);
        });
    }

    /** Allows every field, to reach the typed accessors. */
    private static final class AnyName extends java.util.AbstractSet<String> {
        @Override
        public boolean contains(Object o) {
            return true;
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Collections.emptyIterator();
        }

        @Override
        public int size() {
            return 0;
        }
    }
}
