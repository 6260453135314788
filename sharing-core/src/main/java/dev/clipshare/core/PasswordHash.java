package dev.clipshare.core;

/**
 * A bcrypt hash of a share's password ({@code $2a$}, {@code $2b$} or {@code $2y$}). Stores keep
 * only this, never the password. {@link #toString()} does not print it.
 *
 * @param value the 60-character modular-crypt string
 */
public record PasswordHash(String value) {
    public PasswordHash {
        if (value == null || value.length() != 60
                || !(value.startsWith("$2a$") || value.startsWith("$2b$") || value.startsWith("$2y$"))) {
            throw new ValidationException("password_hash", "is not a bcrypt hash");
        }
    }

    @Override
    public String toString() {
        return "PasswordHash[redacted]";
    }
}
