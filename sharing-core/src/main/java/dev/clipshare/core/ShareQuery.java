package dev.clipshare.core;

import java.util.Objects;

/**
 * Which shares of a target to list, newest first.
 *
 * @param target         the target whose links to list
 * @param includeRevoked whether revoked links (kept for audit) are included
 * @param after          continue after this position, or {@code null} for the first page
 * @param limit          at most this many shares, 1..{@value #MAX_STORE_LIMIT} (the facade
 *                       accepts 1..{@value #MAX_LIMIT} from callers and asks stores for one
 *                       more to learn whether another page follows)
 */
public record ShareQuery(Target target, boolean includeRevoked, ShareCursor after, int limit) {
    /** Largest page a caller may ask for. */
    public static final int MAX_LIMIT = 200;
    /** Largest page a store is asked for. */
    public static final int MAX_STORE_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 50;

    public ShareQuery {
        Objects.requireNonNull(target, "target");
        if (limit < 1 || limit > MAX_STORE_LIMIT) {
            throw new ValidationException("limit", "must be 1.." + MAX_STORE_LIMIT + ", was " + limit);
        }
    }

    /** The first page of active (unrevoked) links. */
    public static ShareQuery of(Target target) {
        return new ShareQuery(target, false, null, DEFAULT_LIMIT);
    }

    public ShareQuery withAfter(ShareCursor cursor) {
        return new ShareQuery(target, includeRevoked, cursor, limit);
    }

    public ShareQuery withLimit(int newLimit) {
        return new ShareQuery(target, includeRevoked, after, newLimit);
    }

    public ShareQuery withRevoked(boolean include) {
        return new ShareQuery(target, include, after, limit);
    }
}
