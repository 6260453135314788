package dev.clipshare.jdbc;

import java.nio.file.Path;
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
 * <p><b>Write-behind with a durable log</b> ({@link #writeBehind(Duration, Path)}) closes that
 * window: each view is also appended to a node-local log and {@code addViews} returns only once
 * the record is on disk (concurrent views share one {@code fsync}, a group commit), still without
 * a database write. A flush rotates the log and deletes the segments it wrote once its
 * transaction committed; at start, the stores replay what a crashed process left in the folder.
 * A view that was answered is never lost; a crash in the instant between a flush's commit and
 * the deletion of its segments counts those views twice (at least once, never zero times). Give
 * every node (and every {@link JdbcStores} of a process) its own folder, kept across restarts.
 *
 * <p><b>Synchronous</b> writes one {@code UPDATE ... SET view_count = view_count + 1} per view:
 * no window, one write per page view. Immutable and thread-safe.
 */
public final class ViewCounting {
    /** The longest write-behind interval: views reach the database at least this often. */
    public static final Duration MAX_INTERVAL = Duration.ofSeconds(1);

    private static final ViewCounting SYNCHRONOUS = new ViewCounting(null);

    private final Duration interval;
    private final Path logDirectory;

    private ViewCounting(Duration interval) {
        this(interval, null);
    }

    private ViewCounting(Duration interval, Path logDirectory) {
        this.interval = interval;
        this.logDirectory = logDirectory;
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

    /**
     * Views summed in memory and written every {@code interval}, and on close, and logged durably
     * in {@code logDirectory} first, so that a crash loses none: see the class comment.
     *
     * <pre>{@code
     * JdbcStores.builder(dataSource)
     *         .views(ViewCounting.writeBehind(Duration.ofSeconds(1), Path.of("/var/lib/myapp/clipshare-views")))
     *         .build();
     * }</pre>
     *
     * @param interval     10 ms to {@link #MAX_INTERVAL}
     * @param logDirectory a node-local folder kept across restarts, used by these stores alone (created if missing)
     */
    public static ViewCounting writeBehind(Duration interval, Path logDirectory) {
        Objects.requireNonNull(logDirectory, "logDirectory");
        return new ViewCounting(writeBehind(interval).interval, logDirectory.toAbsolutePath().normalize());
    }

    /** The folder of the durable view log, or empty when views are not logged. */
    public Optional<Path> logDirectory() {
        return Optional.ofNullable(logDirectory);
    }

    /** The write-behind interval, or empty for synchronous counting. */
    public Optional<Duration> interval() {
        return Optional.ofNullable(interval);
    }

    @Override
    public String toString() {
        return interval == null ? "ViewCounting[synchronous]" : "ViewCounting[writeBehind " + interval.toMillis() + " ms"
                + (logDirectory == null ? "" : ", log " + logDirectory) + "]";
    }
}
