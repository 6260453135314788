package dev.clipshare.core;

import java.util.List;
import java.util.Optional;

/**
 * One page of a list.
 *
 * @param items      the items of this page
 * @param nextCursor an opaque cursor for the next page, or {@code null} on the last page
 */
public record Page<T>(List<T> items, String nextCursor) {
    public Page {
        items = List.copyOf(items);
    }

    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }
}
