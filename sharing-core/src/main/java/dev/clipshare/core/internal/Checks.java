package dev.clipshare.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import dev.clipshare.core.ValidationException;

/** Argument checks shared by the value types. No compatibility promise. */
public final class Checks {
    private Checks() {}

    /**
     * An identifier handed to us by a host or a store: 1..max characters, no control characters,
     * no leading or trailing whitespace.
     */
    public static String identifier(String field, String value, int max) {
        if (value == null) {
            throw new ValidationException(field, "is required");
        }
        if (value.isEmpty()) {
            throw new ValidationException(field, "must not be empty");
        }
        if (value.length() > max) {
            throw new ValidationException(field, "is " + value.length() + " characters; at most " + max + " allowed");
        }
        if (!value.strip().equals(value)) {
            throw new ValidationException(field, "must not start or end with whitespace: '" + value + "'");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new ValidationException(field, "must not contain control characters (at index " + i + ")");
            }
        }
        requireWellFormedUtf16(field, value);
        return value;
    }

    /**
     * Free text (a title, a description): at most {@code max} characters, no control characters
     * other than tab and newline (and carriage return when {@code multiline}). Null stays null.
     */
    public static String text(String field, String value, int max, boolean multiline) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            throw new ValidationException(field, "is " + value.length() + " characters; at most " + max + " allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = c == '\t' || (multiline && (c == '\n' || c == '\r'));
            if (Character.isISOControl(c) && !allowed) {
                throw new ValidationException(field, "must not contain control character U+"
                        + String.format("%04X", (int) c) + " (at index " + i + ")");
            }
        }
        requireWellFormedUtf16(field, value);
        return value;
    }

    /**
     * Refuses unpaired surrogates: they have no UTF-8 form, so no store could keep such text
     * exactly (it would come back with replacement characters).
     */
    private static void requireWellFormedUtf16(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ValidationException(field, "contains an unpaired surrogate (at index " + i + "): not valid Unicode text");
            }
        }
    }

    /** A base64url-only string of the given length bounds. */
    public static boolean isBase64Url(CharSequence s, int min, int max) {
        if (s == null || s.length() < min || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A key list: the current key first, then older ones; ids distinct. */
    public static <K> List<K> keyList(K current, K[] previous, Function<K, String> id, String kind) {
        Objects.requireNonNull(current, kind + " key");
        List<K> all = new ArrayList<>();
        all.add(current);
        for (K k : previous) {
            all.add(Objects.requireNonNull(k, kind + " key"));
        }
        long distinct = all.stream().map(id).distinct().count();
        if (distinct != all.size()) {
            throw new IllegalArgumentException(kind + " key ids must be distinct");
        }
        return List.copyOf(all);
    }

    /** A positive duration, or an exception naming {@code what}. */
    public static void positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
    }

    /** A positive duration no longer than {@code max}. */
    public static Duration bounded(Duration d, Duration max, String what) {
        positive(d, what);
        if (d.compareTo(max) > 0) {
            throw new IllegalArgumentException(what + " must be at most " + max + ", was " + d);
        }
        return d;
    }

    /** {@code d} itself when it lies in 0..{@code max} (zero allowed). */
    public static Duration atMost(Duration d, Duration max, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(what + " must be 0.." + max + ", was " + d);
        }
        return d;
    }
}
