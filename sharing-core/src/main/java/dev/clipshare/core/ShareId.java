package dev.clipshare.core;

import dev.clipshare.core.internal.Checks;
import dev.clipshare.core.internal.Randoms;

/**
 * The stable, non-secret identifier of a share (what the management API calls {@code id}).
 * Knowing it opens nothing: viewers need the {@link ShareToken}.
 *
 * @param value 1 to 64 base64url characters
 */
public record ShareId(String value) {
    public ShareId {
        if (!Checks.isBase64Url(value, 1, 64)) {
            throw new ValidationException("share_id", "must be 1 to 64 characters of A-Z a-z 0-9 - _, was '" + value + "'");
        }
    }

    /** A new random id: 128 bits, 22 base64url characters. */
    public static ShareId random() {
        return new ShareId(Randoms.base64Url(16));
    }

    @Override
    public String toString() {
        return value;
    }
}
