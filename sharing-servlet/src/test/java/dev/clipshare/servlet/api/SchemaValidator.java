package dev.clipshare.servlet.api;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Checks a JSON value against a schema of the OpenAPI document, for the subset of JSON Schema
 * (2020-12, as OpenAPI 3.1 uses it) that the document uses. A keyword it does not know fails
 * the check instead of being skipped, so the document cannot outgrow the validator silently.
 */
final class SchemaValidator {
    private static final Set<String> KEYWORDS = Set.of("$ref", "anyOf", "type", "const", "enum", "properties",
            "required", "additionalProperties", "items", "minimum", "maximum", "format", "minLength", "maxLength",
            "maxProperties");
    private static final Set<String> ANNOTATIONS = Set.of("description", "default", "writeOnly", "title");

    private final JsonNode document;

    SchemaValidator(JsonNode document) {
        this.document = document;
    }

    /** Every way {@code value} breaks {@code schema}; empty when it conforms. */
    List<String> validate(JsonNode value, JsonNode schema) {
        List<String> errors = new ArrayList<>();
        check(value, schema, "$", errors);
        return errors;
    }

    JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            String ref = node.get("$ref").stringValue();
            if (!ref.startsWith("#/")) {
                throw new IllegalArgumentException("only local references are supported: " + ref);
            }
            JsonNode target = document.at(ref.substring(1));
            if (target.isMissingNode()) {
                throw new IllegalArgumentException("dangling reference " + ref);
            }
            node = target;
        }
        return node;
    }

    private void check(JsonNode v, JsonNode schema, String at, List<String> errors) {
        for (String keyword : schema.propertyNames()) {
            if (!KEYWORDS.contains(keyword) && !ANNOTATIONS.contains(keyword)) {
                errors.add(at + ": the validator does not know the keyword '" + keyword + "'");
            }
        }
        if (schema.has("$ref")) {
            check(v, resolve(schema), at, errors);
            return;
        }
        if (schema.has("anyOf")) {
            boolean any = false;
            for (JsonNode branch : schema.get("anyOf")) {
                if (validate(v, branch).isEmpty()) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                errors.add(at + ": matches none of the anyOf branches: " + v);
            }
        }
        if (schema.has("type") && !typeMatches(v, schema.get("type"))) {
            errors.add(at + ": expected type " + schema.get("type") + " but was " + v.getNodeType() + " " + abbreviated(v));
            return;
        }
        if (schema.has("const") && !schema.get("const").equals(v)) {
            errors.add(at + ": expected " + schema.get("const") + " but was " + v);
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode option : schema.get("enum")) {
                listed |= option.equals(v);
            }
            if (!listed) {
                errors.add(at + ": " + v + " is not one of " + schema.get("enum"));
            }
        }
        if (v.isNumber()) {
            if (schema.has("minimum") && v.doubleValue() < schema.get("minimum").doubleValue()) {
                errors.add(at + ": " + v + " is below the minimum " + schema.get("minimum"));
            }
            if (schema.has("maximum") && v.doubleValue() > schema.get("maximum").doubleValue()) {
                errors.add(at + ": " + v + " is above the maximum " + schema.get("maximum"));
            }
        }
        if (v.isString()) {
            String s = v.stringValue();
            if (schema.has("minLength") && s.codePointCount(0, s.length()) < schema.get("minLength").intValue()) {
                errors.add(at + ": shorter than " + schema.get("minLength"));
            }
            if (schema.has("maxLength") && s.codePointCount(0, s.length()) > schema.get("maxLength").intValue()) {
                errors.add(at + ": longer than " + schema.get("maxLength"));
            }
            if (schema.has("format")) {
                checkFormat(s, schema.get("format").stringValue(), at, errors);
            }
        }
        if (v.isObject()) {
            JsonNode properties = schema.path("properties");
            for (JsonNode required : schema.path("required")) {
                if (!v.has(required.stringValue())) {
                    errors.add(at + ": missing required property '" + required.stringValue() + "'");
                }
            }
            if (schema.has("maxProperties") && v.size() > schema.get("maxProperties").intValue()) {
                errors.add(at + ": more than " + schema.get("maxProperties") + " properties");
            }
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                String child = at + "." + e.getKey();
                if (properties.has(e.getKey())) {
                    check(e.getValue(), properties.get(e.getKey()), child, errors);
                } else if (schema.has("additionalProperties")) {
                    JsonNode extra = schema.get("additionalProperties");
                    if (extra.isBoolean()) {
                        if (!extra.booleanValue()) {
                            errors.add(child + ": property not in the schema");
                        }
                    } else {
                        check(e.getValue(), extra, child, errors);
                    }
                }
            }
        }
        if (v.isArray() && schema.has("items")) {
            int i = 0;
            for (JsonNode item : v) {
                check(item, schema.get("items"), at + "[" + i++ + "]", errors);
            }
        }
    }

    private static boolean typeMatches(JsonNode v, JsonNode type) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(v, t)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.stringValue()) {
            case "string" -> v.isString();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    private static void checkFormat(String s, String format, String at, List<String> errors) {
        switch (format) {
            case "date-time" -> {
                try {
                    OffsetDateTime.parse(s);
                } catch (DateTimeParseException e) {
                    errors.add(at + ": not an RFC 3339 date-time: " + s);
                }
            }
            case "uri" -> {
                try {
                    if (!URI.create(s).isAbsolute()) {
                        errors.add(at + ": not an absolute URI: " + s);
                    }
                } catch (IllegalArgumentException e) {
                    errors.add(at + ": not a URI: " + s);
                }
            }
            default -> errors.add(at + ": the validator does not know the format '" + format + "'");
        }
    }

    private static String abbreviated(JsonNode v) {
        String s = v.toString();
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
