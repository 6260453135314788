package dev.clipshare.servlet.internal.json;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import dev.clipshare.core.ValidationException;

/**
 * The servlet module's one JSON mapper and the strict parse every JSON request body goes through:
 * the management API's ({@code internal.api}) and the viewer's grant requests
 * ({@code internal.viewer}). Shared here so that neither side depends on the other.
 */
public final class Json {
    /**
     * Duplicate keys are refused (which of two {@code password}s would count is not something a
     * client should have to guess) and so is anything after the first value.
     */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * Parses a request body that must be one JSON object, or {@code null} when it holds no JSON
     * value at all (empty or blank). The detail of a refusal gives a line and column but never a
     * fragment of the body: the body may hold a password.
     */
    public static ObjectNode parseObject(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 0 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            String what = e.getMessage() != null && e.getMessage().startsWith("Duplicate Object property")
                    ? "has a property twice" : "is not well-formed JSON";
            throw new ValidationException("body", "the request body " + what + where);
        }
        if (node == null || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            throw new ValidationException("body", "must be a JSON object, was " + JsonFields.kind(node));
        }
        return (ObjectNode) node;
    }

    public static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }
}
