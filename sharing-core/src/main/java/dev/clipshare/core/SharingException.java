package dev.clipshare.core;

/**
 * Root of every exception Clipshare throws on purpose. All are unchecked and named for what
 * failed, so a host can map them to answers in one place (the servlet module maps them to
 * RFC 9457 problem responses).
 *
 * <p>Messages never contain a secret: no token, password, grant or key material.
 */
public class SharingException extends RuntimeException {
    public SharingException(String message) {
        super(message);
    }

    public SharingException(String message, Throwable cause) {
        super(message, cause);
    }
}
