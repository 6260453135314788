package dev.clipshare.jdbc.internal;

import dev.clipshare.core.Export;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Completed exports by id, kept by a node after it first reads them. A {@code COMPLETED} export
 * row is never written again (heartbeats, failures and releases all require {@code PROCESSING};
 * a completion is checked under the row's lock), so a copy read once stays exact; what can change,
 * which version of a target is the newest completed one, is still read from the database on every
 * call. Holds at most {@code capacity} exports (a few hundred bytes each); past that, an arbitrary
 * one makes room. Thread-safe.
 */
public final class CompletedExports {
    private final int capacity;
    private final ConcurrentHashMap<String, Export> byId;

    public CompletedExports(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.byId = new ConcurrentHashMap<>(Math.min(capacity, 1024));
    }

    /** The completed export with this id, when this node has read it before; otherwise {@code null}. */
    public Export get(String id) {
        return byId.get(id);
    }

    /** Keeps {@code export}, which must be completed. */
    public void put(Export export) {
        Objects.requireNonNull(export, "export");
        if (!export.isCompleted()) {
            throw new IllegalArgumentException("only a completed export never changes; " + export.id() + " is " + export.status());
        }
        String id = export.id().value();
        byId.put(id, export);
        if (byId.size() > capacity) {
            // after the put, so that threads adding at once cannot leave the map above its capacity
            Iterator<String> others = byId.keySet().iterator();
            while (byId.size() > capacity && others.hasNext()) {
                if (!others.next().equals(id)) {
                    others.remove();
                }
            }
        }
    }

    /** How many exports are kept. */
    public int size() {
        return byId.size();
    }
}
