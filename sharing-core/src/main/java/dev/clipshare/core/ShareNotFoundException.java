package dev.clipshare.core;

/**
 * No live share answers to the given id or token, or the caller may not see it. Revoked,
 * deleted, never issued and private-without-membership all end here, with the same message.
 */
public class ShareNotFoundException extends NotFoundException {
    public ShareNotFoundException() {
        super("share not found");
    }
}
