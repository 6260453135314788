package dev.clipshare.core;

/**
 * A member's role in a library, as the host maps its own roles onto Clipshare's four.
 *
 * <ul>
 *   <li>{@link #OWNER}, {@link #ADMIN}: everything, including the library's sharing switch and
 *       clearing a share's lockout;</li>
 *   <li>{@link #EDITOR}: create, update, revoke and delete links; request exports;</li>
 *   <li>{@link #VIEWER}: list and read links, open private shares of the library.</li>
 * </ul>
 */
public enum Role {
    VIEWER,
    EDITOR,
    ADMIN,
    OWNER;

    /** Whether this role has at least the rights of {@code other}. */
    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    /** OWNER or ADMIN. */
    public boolean canManageLibrary() {
        return includes(ADMIN);
    }

    /** EDITOR and above: may create and change links. */
    public boolean canEdit() {
        return includes(EDITOR);
    }
}
