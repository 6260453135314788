package dev.clipshare.core;

import dev.clipshare.core.internal.Randoms;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * A position in a newest-first list of shares: the creation time and id of the last share of
 * the previous page. Encoded as an opaque string for APIs.
 *
 * @param createdAt creation time of the last share seen
 * @param id        its id (breaks ties between shares created in the same millisecond)
 */
public record ShareCursor(Instant createdAt, ShareId id) {
    public ShareCursor {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
    }

    public static ShareCursor after(Share share) {
        return new ShareCursor(share.createdAt(), share.id());
    }

    /** Whether {@code share} comes after this position in newest-first order. */
    public boolean precedes(Share share) {
        int byTime = share.createdAt().compareTo(createdAt);
        return byTime < 0 || (byTime == 0 && share.id().value().compareTo(id.value()) < 0);
    }

    /** The opaque form given to API clients. */
    public String encode() {
        return Randoms.encode((createdAt.toEpochMilli() + ":" + id.value()).getBytes(StandardCharsets.UTF_8));
    }

    /** Parses {@link #encode()}'s output; refuses anything else with a {@link ValidationException} on {@code cursor}. */
    public static ShareCursor decode(String text) {
        try {
            String plain = new String(Randoms.decode(text), StandardCharsets.UTF_8);
            int colon = plain.indexOf(':');
            return new ShareCursor(Instant.ofEpochMilli(Long.parseLong(plain.substring(0, colon))),
                    new ShareId(plain.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new ValidationException("cursor", "is not a cursor this API issued");
        }
    }
}
