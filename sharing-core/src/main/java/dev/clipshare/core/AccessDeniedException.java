package dev.clipshare.core;

/**
 * The principal is a member of the library but their role does not allow the operation
 * (for example a VIEWER trying to create a link, or an EDITOR turning sharing on).
 */
public class AccessDeniedException extends SharingException {
    public AccessDeniedException(String message) {
        super(message);
    }
}
