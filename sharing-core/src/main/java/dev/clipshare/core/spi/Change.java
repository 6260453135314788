package dev.clipshare.core.spi;

import java.util.Objects;

/**
 * One field of a {@link ShareChanges}: keep the stored value, set a new one, or clear it.
 *
 * @param <T> the field's type
 */
public final class Change<T> {
    /** What to do with the field. */
    public enum Kind { KEEP, SET, CLEAR }

    private static final Change<?> KEEP = new Change<>(Kind.KEEP, null);
    private static final Change<?> CLEAR = new Change<>(Kind.CLEAR, null);

    private final Kind kind;
    private final T value;

    private Change(Kind kind, T value) {
        this.kind = kind;
        this.value = value;
    }

    @SuppressWarnings("unchecked")
    public static <T> Change<T> keep() {
        return (Change<T>) KEEP;
    }

    @SuppressWarnings("unchecked")
    public static <T> Change<T> clear() {
        return (Change<T>) CLEAR;
    }

    public static <T> Change<T> set(T value) {
        return new Change<>(Kind.SET, Objects.requireNonNull(value, "value"));
    }

    public Kind kind() {
        return kind;
    }

    public boolean isKeep() {
        return kind == Kind.KEEP;
    }

    /** The new value; only meaningful for {@link Kind#SET}. */
    public T value() {
        return value;
    }

    /** The field's value after this change is applied to {@code current}. */
    public T applyTo(T current) {
        return switch (kind) {
            case KEEP -> current;
            case SET -> value;
            case CLEAR -> null;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Change<?> c && c.kind == kind && Objects.equals(c.value, value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, value);
    }

    @Override
    public String toString() {
        // values may be password hashes: show only the kind
        return "Change." + kind;
    }
}
