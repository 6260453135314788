package dev.clipshare.core;

/**
 * A store could not do its work: the database is down or timed out, a statement failed, a
 * media file could not be read. Wraps the cause (for example a {@code SQLException}). Nothing
 * is half-written when a store throws this.
 */
public class StorageException extends SharingException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
