package dev.clipshare.core;

import java.util.Optional;

/**
 * The operation conflicts with the current state: a second active link of the same visibility
 * for a target under {@link LinksPerTarget#ONE_PER_VISIBILITY}, an idempotency key reused for a
 * different request, or a change to a revoked share.
 *
 * <p>For the one-per-visibility refusal, {@link #existingShareId()} names the link in the way
 * (stores fill it in), and {@link Sharing#createShare} adds its page URL
 * ({@link #existingShareUrl()}), so a client can offer the existing link instead of an error.
 */
public class ShareConflictException extends SharingException {
    private final transient ShareId existingShareId;
    private final String existingShareUrl;

    public ShareConflictException(String message) {
        this(message, null, null);
    }

    /** A conflict with the link {@code existingShareId} ({@code null} when the store cannot tell). */
    public ShareConflictException(String message, ShareId existingShareId) {
        this(message, existingShareId, null);
    }

    /** A conflict with the link {@code existingShareId}, whose page is {@code existingShareUrl}. */
    public ShareConflictException(String message, ShareId existingShareId, String existingShareUrl) {
        super(message);
        this.existingShareId = existingShareId;
        this.existingShareUrl = existingShareUrl;
    }

    /** The active link of the same target and visibility that refused a create, when known. */
    public Optional<ShareId> existingShareId() {
        return Optional.ofNullable(existingShareId);
    }

    /** The page URL of {@link #existingShareId()}, when known. */
    public Optional<String> existingShareUrl() {
        return Optional.ofNullable(existingShareUrl);
    }
}
