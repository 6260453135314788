package dev.clipshare.servlet.internal.viewer;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A bounded memo of a pure function of immutable keys: what a popular link's page views have in
 * common (its rendered page, its link card) is computed once per node instead of once per view.
 * Keys are compared by {@code equals}, so a key holds every input of the value, and whatever
 * changes (a new title, a re-export, another viewer's sign-in) is another key. At most
 * {@code capacity} values; past that, an arbitrary one makes room (a link that stops being viewed
 * goes soon enough; one that is viewed comes back at its next view). Thread-safe; two threads
 * missing the same key at once may both compute it.
 */
final class Memo<K, V> {
    private final int capacity;
    private final Map<K, V> values;

    Memo(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.values = new ConcurrentHashMap<>(Math.min(capacity, 256));
    }

    V get(K key, Function<? super K, ? extends V> compute) {
        V v = values.get(key);
        if (v != null) {
            return v;
        }
        v = compute.apply(key);
        values.put(key, v);
        if (values.size() > capacity) {
            // after the put, so that threads missing at once cannot each make room for one and
            // leave the map above its capacity: whoever finds it over evicts until it is not
            Iterator<K> others = values.keySet().iterator();
            while (values.size() > capacity && others.hasNext()) {
                if (!others.next().equals(key)) {
                    others.remove();
                }
            }
        }
        return v;
    }

    int size() {
        return values.size();
    }
}
