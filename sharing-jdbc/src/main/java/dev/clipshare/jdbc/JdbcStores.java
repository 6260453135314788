package dev.clipshare.jdbc;

import dev.clipshare.core.StorageException;
import dev.clipshare.jdbc.internal.Db;
import dev.clipshare.jdbc.internal.Tables;
import dev.clipshare.jdbc.internal.ViewBuffer;
import dev.clipshare.jdbc.internal.ViewLog;
import dev.clipshare.core.spi.SharingStores;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of sharing-jdbc: Clipshare's share store, export store and rate limiter over
 * one {@link DataSource}, for PostgreSQL, MySQL/MariaDB or H2, ready for several application
 * nodes sharing the database.
 *
 * <pre>{@code
 * HikariDataSource pool = JdbcPool.builder("jdbc:postgresql://db.internal/app").username("app").password(secret).build();
 * JdbcStores stores = JdbcStores.builder(pool).build();      // dialect detected, prefix clipshare_
 * Sharing sharing = Sharing.builder()
 *         .stores(stores).rateLimiter(stores.rateLimiter())
 *         ... .build();
 * // on shutdown: stores.close() (writes pending views), then pool.close()
 * }</pre>
 *
 * <p>The tables must exist: apply the scripts with Flyway (see {@link JdbcSchema}) or ask for
 * {@link Builder#createSchemaIfMissing(boolean)}. Views are counted write-behind by default
 * (see {@link ViewCounting}); {@link #close()} writes what is pending and stops the background
 * timer. The data source stays the host's to close.
 *
 * <p><b>Database trouble.</b> Every call borrows a connection for its own duration, sets a
 * network timeout and a query timeout ({@link Builder#queryTimeout}), and fails with
 * {@link StorageException} when the pool has no connection within its connection timeout (use
 * {@link JdbcPool} for request-path settings) or the database does not answer in time. Broken
 * connections are the pool's to replace, so the stores work again as soon as the database does.
 *
 * <p><b>Thread-safety.</b> Thread-safe; build one per node and share it.
 */
public final class JdbcStores implements SharingStores.Paired<JdbcShareStore, JdbcExportStore>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JdbcStores.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Duration BUCKET_CLEANUP_EVERY = Duration.ofMinutes(1);

    private final JdbcDialect dialect;
    private final Tables tables;
    private final Db db;
    private final ViewCounting viewCounting;
    private final ViewBuffer views;
    private final JdbcShareStore shareStore;
    private final JdbcExportStore exportStore;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private JdbcRateLimiter rateLimiter;
    private boolean closed;

    private JdbcStores(Builder b, JdbcDialect dialect) {
        this.dialect = dialect;
        this.tables = new Tables(b.tablePrefix);
        this.db = new Db(b.dataSource, dialect.sql(), b.queryTimeout);
        this.viewCounting = b.views;
        this.clock = b.clock;
        this.views = b.views.interval().isPresent()
                ? new ViewBuffer(db, tables, b.views.logDirectory().map(ViewLog::new).orElse(null)) : null;
        this.shareStore = new JdbcShareStore(db, tables, views);
        this.exportStore = new JdbcExportStore(db, tables);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "clipshare-jdbc-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        b.views.interval().ifPresent(every ->
                timer.scheduleWithFixedDelay(views::flushQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Starts a builder over {@code dataSource} (the host's; these stores never close it). */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** The share store. */
    public JdbcShareStore shareStore() {
        return shareStore;
    }

    /** The export store and job queue. */
    public JdbcExportStore exportStore() {
        return exportStore;
    }

    /**
     * The rate limiter over the same database (made on first call; from then on, expired buckets
     * are deleted every minute).
     */
    public synchronized JdbcRateLimiter rateLimiter() {
        if (rateLimiter == null) {
            rateLimiter = new JdbcRateLimiter(db, tables, clock, Duration.ofMinutes(1));
            if (!closed) {
                JdbcRateLimiter limiter = rateLimiter;
                long every = BUCKET_CLEANUP_EVERY.toMillis();
                timer.scheduleWithFixedDelay(() -> removeExpiredBuckets(limiter), every, every, TimeUnit.MILLISECONDS);
            }
        }
        return rateLimiter;
    }

    private static void removeExpiredBuckets(JdbcRateLimiter limiter) {
        try {
            while (limiter.removeExpired(1000) == 1000) {
                // more to delete: go on in batches, keeping each statement short
            }
        } catch (RuntimeException e) {
            log.warn("could not delete expired rate-limit buckets; trying again in a minute: {}", e.getMessage());
        }
    }

    /** The database dialect in use (detected or set). */
    public JdbcDialect dialect() {
        return dialect;
    }

    /** The table prefix in use. */
    public String tablePrefix() {
        return tables.prefix();
    }

    /** How views are counted. */
    public ViewCounting viewCounting() {
        return viewCounting;
    }

    /**
     * Stops the background timer and writes the views still pending. Calling it again does
     * nothing. The data source is not closed.
     *
     * @throws StorageException when pending views could not be written (they are lost; the log says how many)
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        timer.shutdown(); // a flush in progress finishes; views.close() waits for it, then writes the rest
        if (views != null) {
            try {
                views.close();
            } catch (StorageException e) {
                log.error("lost {} share views that could not be written at shutdown", views.pendingViews(), e);
                throw e;
            }
        }
    }

    /**
     * Configures {@link JdbcStores}. Setters check their argument at once; {@link #build()} detects
     * the dialect when none is set and creates the schema when asked. Not thread-safe.
     */
    public static final class Builder {
        private final DataSource dataSource;
        private JdbcDialect dialect;
        private String tablePrefix = JdbcSchema.DEFAULT_PREFIX;
        private boolean createSchemaIfMissing;
        private ViewCounting views = ViewCounting.writeBehind(ViewCounting.MAX_INTERVAL);
        private Duration queryTimeout = Duration.ofSeconds(2);
        private Clock clock = Clock.systemUTC();

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** The database; default: detected from the data source's metadata at {@link #build()}. */
        public Builder dialect(JdbcDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /**
         * The prefix of every table name, default {@code clipshare_}: 1 to 30 characters of
         * {@code a-z 0-9 _}, starting with a letter.
         */
        public Builder tablePrefix(String prefix) {
            Objects.requireNonNull(prefix, "tablePrefix");
            this.tablePrefix = new Tables(prefix).prefix();
            return this;
        }

        /**
         * Whether {@link #build()} creates (or upgrades) the tables with the shipped scripts
         * ({@link JdbcSchema#migrate}); default {@code false}, for hosts that run Flyway or let a
         * DBA apply the scripts. Meant for embedded defaults such as an H2 file database.
         */
        public Builder createSchemaIfMissing(boolean create) {
            this.createSchemaIfMissing = create;
            return this;
        }

        /** Synchronous or write-behind view counting; default write-behind every second. */
        public Builder views(ViewCounting counting) {
            this.views = Objects.requireNonNull(counting, "views");
            return this;
        }

        /**
         * How long one statement may run before the database cancels it (default 2 s, 1 s to 5
         * minutes, rounded up to whole seconds); a connection that stops answering is given up
         * one second later.
         */
        public Builder queryTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "queryTimeout");
            if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("query timeout must be 1 s to 5 minutes, was " + timeout);
            }
            this.queryTimeout = timeout;
            return this;
        }

        /**
         * The time source of the rate limiter's buckets; give it the same clock as the
         * {@code Sharing} facade. Default {@link Clock#systemUTC()}. (The stores take every time
         * from their callers.)
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the stores.
         *
         * @throws StorageException         when the dialect must be detected or the schema created and the database cannot be reached
         * @throws IllegalArgumentException when the database is not one of the supported ones
         */
        public JdbcStores build() {
            JdbcDialect d = dialect != null ? dialect : JdbcDialect.detect(dataSource);
            if (createSchemaIfMissing) {
                JdbcSchema.migrate(dataSource, d, tablePrefix);
            }
            return new JdbcStores(this, d);
        }
    }
}
