package dev.clipshare.core;

import dev.clipshare.core.internal.Checks;

/**
 * A signed-in user of the host, as the host's {@code AccessPolicy} describes them.
 *
 * @param id   the host's stable user id (1..200 characters)
 * @param name a display name shown as a link's creator (defaults to the id)
 */
public record Principal(String id, String name) {
    public Principal {
        Checks.identifier("principal.id", id, 200);
        name = name == null || name.isBlank() ? id : Checks.text("principal.name", name.strip(), 200, false);
    }

    /** A principal whose display name is its id. */
    public static Principal of(String id) {
        return new Principal(id, null);
    }
}
