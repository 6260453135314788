package dev.clipshare.core;

/** The share exists but its expiry has passed. */
public class ShareExpiredException extends SharingException {
    public ShareExpiredException() {
        super("share expired");
    }
}
