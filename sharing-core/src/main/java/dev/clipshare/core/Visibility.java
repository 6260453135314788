package dev.clipshare.core;

import java.util.Locale;

/** Who may open a share. Chosen at creation and never changed. */
public enum Visibility {
    /** Anyone holding the link (the default). */
    PUBLIC,
    /**
     * Only signed-in members of the owning library. Everyone else gets the same answer as for a
     * link that does not exist; a signed-out viewer is first sent to the host's login.
     */
    PRIVATE;

    /** The lower-case wire name ({@code public}, {@code private}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, case-insensitively. */
    public static Visibility fromWireName(String name) {
        if (name != null) {
            for (Visibility v : values()) {
                if (v.wireName().equalsIgnoreCase(name)) {
                    return v;
                }
            }
        }
        throw new ValidationException("visibility", "must be 'public' or 'private', was '" + name + "'");
    }
}
