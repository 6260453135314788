package dev.clipshare.core;

/**
 * Something the caller named does not exist, or exists but is not visible to them. Clipshare
 * deliberately does not tell the two apart.
 */
public class NotFoundException extends SharingException {
    public NotFoundException(String message) {
        super(message);
    }
}
