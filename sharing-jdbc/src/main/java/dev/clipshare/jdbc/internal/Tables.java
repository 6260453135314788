package dev.clipshare.jdbc.internal;

import java.util.regex.Pattern;

/**
 * The names of Clipshare's tables under one prefix. The prefix is checked here, once, because it
 * is the only piece of SQL text that does not come from this module.
 *
 * @param prefix the validated prefix, e.g. {@code clipshare_}
 */
public record Tables(String prefix) {
    /** Lower-case letter first, then lower-case letters, digits and underscores; at most 30 characters. */
    public static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,29}");

    public Tables {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("table prefix must be 1 to 30 characters of a-z 0-9 _ starting with a letter"
                    + " (it becomes part of unquoted SQL identifiers), was '" + prefix + "'");
        }
    }

    public String shares() {
        return prefix + "shares";
    }

    public String librarySettings() {
        return prefix + "library_settings";
    }

    public String exports() {
        return prefix + "exports";
    }

    public String exportVersions() {
        return prefix + "export_versions";
    }

    public String rateLimits() {
        return prefix + "rate_limits";
    }

    /** The version table of the built-in schema runner (Flyway keeps its own history instead). */
    public String schemaVersion() {
        return prefix + "schema_version";
    }
}
