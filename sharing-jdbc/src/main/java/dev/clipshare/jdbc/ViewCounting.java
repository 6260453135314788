package dev.clipshare.jdbc;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link JdbcShareStore#addViews} writes: at once, or summed in memory and written in batches.
 *
 * <pre>{@code
 * JdbcStores.builder(dataSource).views(ViewCounting.writeBehind(Duration.ofMillis(500))).build();
 * JdbcStores.builder(dataSource).views(ViewCounting.synchronous()).build();
 * }</pre>
 *
 * <p><b>Write-behind</b> (the default, every second) keeps the share page free of a database
 * write: a view costs an in-memory addition, and each interval one batched transaction writes one
 * increment per viewed share. Nothing is lost on an orderly shutdown ({@link JdbcStores#close()}
 * writes what is pending) or while the database is briefly down (a failed batch is kept and
 * retried). <b>Crash window:</b> views added since the last written batch (at most one interval's
 * worth) are lost if the process dies without closing the stores, or if the database is still
 * unreachable when it closes. Other nodes, and reads on this one, see a view once its batch is
 * written.
 *
 * <p><b>Synchronous</b> writes one {@code UPDATE ... SET view_count = view_count + 1} per view:
 * no window, one write per page view. Immutable and thread-safe.
 */
public final class ViewCounting {
    /** The longest write-behind interval: views reach the database at least this often. */
    public static final Duration MAX_INTERVAL = Duration.ofSeconds(1);

    private static final ViewCounting SYNCHRONOUS = new ViewCounting(null);

    private final Duration interval;

    private ViewCounting(Duration interval) {
        this.interval = interval;
    }

    /** One database write per {@code addViews} call. */
    public static ViewCounting synchronous() {
        return SYNCHRONOUS;
    }

    /**
     * Views summed in memory and written every {@code interval}, and on close.
     *
     * @param interval 10 ms to {@link #MAX_INTERVAL}
     */
    public static ViewCounting writeBehind(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.compareTo(Duration.ofMillis(10)) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException("write-behind interval must be 10 ms to 1 s, was " + interval);
        }
        return new ViewCounting(interval);
    }

    /** The write-behind interval, or empty for synchronous counting. */
    public Optional<Duration> interval() {
        return Optional.ofNullable(interval);
    }

    @Override
    public String toString() {
        return interval == null ? "ViewCounting[synchronous]" : "ViewCounting[writeBehind " + interval.toMillis() + " ms]";
    }
}
