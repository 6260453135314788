package dev.clipshare.core;

import java.util.Objects;

/**
 * A value given to Clipshare is not acceptable. {@link #field()} names the offending input
 * (for example {@code "title"} or {@code "expires_in_days"}) and the message says what was wrong
 * and, where it is not a secret, what the bad value was.
 */
public class ValidationException extends SharingException {
    private final String field;

    public ValidationException(String field, String message) {
        super(Objects.requireNonNull(field, "field") + ": " + message);
        this.field = field;
    }

    /** The name of the input that was refused. */
    public String field() {
        return field;
    }
}
