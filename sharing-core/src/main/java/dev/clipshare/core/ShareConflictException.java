package dev.clipshare.core;

/**
 * The operation conflicts with the current state: a second active link of the same visibility
 * for a target under {@link LinksPerTarget#ONE_PER_VISIBILITY}, an idempotency key reused for a
 * different request, or a change to a revoked share.
 */
public class ShareConflictException extends SharingException {
    public ShareConflictException(String message) {
        super(message);
    }
}
