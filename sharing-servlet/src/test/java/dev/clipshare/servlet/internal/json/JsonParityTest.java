package dev.clipshare.servlet.internal.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link Json} on jackson-core alone answers exactly as Clipshare's JSON did on jackson-databind's
 * tree ({@link #databind}, the code it replaced, kept here as the reference): the same refusals
 * with the same words and positions, and the same bytes for what it accepts, over hand-picked
 * bodies and a few thousand seeded mutations of real ones. A client sees no difference.
 */
class JsonParityTest {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** What {@code Json.parseObject} then {@code Json.bytes} answered on databind, as text. */
    private static String databind(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 0 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            String what = e.getMessage() != null && e.getMessage().startsWith("Duplicate Object property")
                    ? "has a property twice" : "is not well-formed JSON";
            return "refused: the request body " + what + where;
        }
        if (node == null || node.isMissingNode()) {
            return "no value";
        }
        if (!node.isObject()) {
            return "refused: must be a JSON object, was " + kind(node);
        }
        return new String(MAPPER.writeValueAsBytes(node), UTF_8);
    }

    private static String kind(JsonNode v) {
        if (v.isNull()) return "null";
        if (v.isString()) return "a string";
        if (v.isBoolean()) return "a boolean";
        if (v.isIntegralNumber()) return "an integer";
        return v.isNumber() ? "a number" : v.isArray() ? "an array" : "an object";
    }

    private static String coreOnly(byte[] body) {
        try {
            JsonObject o = Json.parseObject(body);
            return o == null ? "no value" : new String(Json.bytes(o), UTF_8);
        } catch (ValidationException e) {
            assertThat(e.field()).isEqualTo("body");
            return "refused: " + e.getMessage().substring("body: ".length());
        }
    }

    @Test
    void answersAsDatabindsTreeDid() throws IOException {
        List<byte[]> bodies = new ArrayList<>();
        for (String s : List.of("", " ", "{}", "[]", "null", "1", "-1.5e3", "\"s\"", "{} x", "{}{}", "{\"a\":1,\"a\":2}",
                "{\"a\":[1,{\"b\":null,\"b\":1}]}", "{\"a\":NaN}", "{\"a\":1e400}", "{\"a\":-0.0}", "{\"a\":01}", "{\"a\":1.}",
                "{\"a\":2147483648}", "{\"a\":-9223372036854775809}", "{\"a\":4.9E-324}", "{\"a\":1e21}", "{\"a\":12345678.9}",
                "{\"s\":\"\\u0000\\u001f\\u007f\\u2028\\ud83d\\ude00\\ud800 \\/ <>&' \\\" \\\\ \\b\\f\\n\\r\\t é\"}",
                "{\"s\":\"a\nb\"}", "{\"s\":\"\\x\"}", "{\"a\":tru}", "{\"a\":[1,]}", "{,}", "\uFEFF{}", "{\"a\":1}\u0000",
                "{\n  \"a\":\n\n  nope}", "{\"a\":" + "[".repeat(500) + "]".repeat(500) + "}", "{\"a\":" + "9".repeat(1001) + "}")) {
            bodies.add(s.getBytes(UTF_8));
        }
        bodies.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'});
        bodies.add(new byte[] {(byte) 0xFF, (byte) 0xFE, '{', 0, '}', 0});
        bodies.add(new byte[] {0, '{', 0, '}'});
        try (InputStream in = Json.class.getResourceAsStream("/dev/clipshare/servlet/api/openapi.json")) {
            bodies.add(in.readAllBytes());
        }
        Random random = new Random(15);
        String[] real = {"{\"source_id\":\"video-1\",\"title\":\"Take 2\",\"expires_in_days\":7,\"allow_download\":true,"
                + "\"metadata\":{\"team\":\"a\"},\"range\":{\"start_ms\":1500,\"end_ms\":9000},\"password\":\"pa\\\"ss\"}",
                "{\n  \"password\": \"hunter2\",\n  \"a\": [-1, 2.5e3, null, false, \"\\u00e9\"]\n}"};
        String alphabet = "{}[]\",:0123456789eE+-.tfnul\\ \n\tab\u00e9\u20ac/";
        for (int i = 0; i < 4000; i++) {
            StringBuilder s = new StringBuilder(real[random.nextInt(real.length)]);
            for (int edits = 1 + random.nextInt(3); edits > 0 && s.length() > 0; edits--) {
                int at = random.nextInt(s.length());
                switch (random.nextInt(4)) {
                    case 0 -> s.deleteCharAt(at);
                    case 1 -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 2 -> s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> s.setLength(at);
                }
            }
            bodies.add(s.toString().getBytes(UTF_8));
        }

        SoftAssertions softly = new SoftAssertions();
        int accepted = 0;
        for (byte[] body : bodies) {
            String expected = databind(body);
            accepted += expected.startsWith("{") ? 1 : 0;
            softly.assertThat(coreOnly(body)).as(new String(body, UTF_8)).isEqualTo(expected);
        }
        softly.assertAll();
        assertThat(accepted).as("bodies accepted, so that bytes were compared too").isGreaterThan(300);
    }
}
