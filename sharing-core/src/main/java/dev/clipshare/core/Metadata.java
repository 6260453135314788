package dev.clipshare.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rules for a share's metadata: host-defined string pairs kept with the link and returned to
 * managers, never shown to viewers. At most {@value #MAX_ENTRIES} entries; keys are 1..64
 * characters of {@code A-Z a-z 0-9 _ . -}; values at most {@value #MAX_VALUE} characters
 * without control characters other than tab and newline.
 */
public final class Metadata {
    public static final int MAX_ENTRIES = 32;
    public static final int MAX_KEY = 64;
    public static final int MAX_VALUE = 500;

    private Metadata() {}

    /** An immutable, order-keeping, validated copy; {@code null} becomes an empty map. */
    public static Map<String, String> copyOf(Map<String, String> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return Map.of();
        }
        if (metadata.size() > MAX_ENTRIES) {
            throw new ValidationException("metadata", "has " + metadata.size() + " entries; at most " + MAX_ENTRIES + " allowed");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String key = e.getKey();
            if (key == null || key.isEmpty() || key.length() > MAX_KEY || !key.chars().allMatch(Metadata::keyChar)) {
                throw new ValidationException("metadata", "key '" + key + "' must be 1.." + MAX_KEY + " characters of A-Z a-z 0-9 _ . -");
            }
            String value = e.getValue();
            if (value == null) {
                throw new ValidationException("metadata." + key, "must be a string, was null");
            }
            dev.clipshare.core.internal.Checks.text("metadata." + key, value, MAX_VALUE, true);
            copy.put(key, value);
        }
        return Collections.unmodifiableMap(copy);
    }

    private static boolean keyChar(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    }
}
