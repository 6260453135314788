package dev.clipshare.jdbc.internal;

import dev.clipshare.core.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Runs the stores' SQL: borrows a connection with a network timeout, gives every statement a query
 * timeout, runs multi-statement work in one READ COMMITTED transaction (rolled back on any
 * failure, retried on deadlocks and serialization failures), and turns every {@link SQLException}
 * into a {@link StorageException}. Exceptions the work throws on purpose (a conflict) pass
 * through after the rollback. Thread-safe.
 */
public final class Db {
    private static final int ATTEMPTS = 8;

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final int queryTimeoutSeconds;

    /** Work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    public Db(DataSource dataSource, SqlDialect dialect, Duration queryTimeout) {
        Objects.requireNonNull(dataSource, "dataSource");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.queryTimeoutSeconds = (int) Math.max(1, (queryTimeout.toMillis() + 999) / 1000);
        // the server-side cancel gets the first chance; the socket timeout catches a database that stopped answering
        this.dataSource = new TimedDataSource(dataSource, (int) Math.min(Integer.MAX_VALUE, queryTimeout.toMillis() + 1000));
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /** The data source with the network timeout applied, for code that borrows connections itself. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Runs {@code work} with auto-commit on (each statement its own transaction). */
    public <T> T autocommit(String what, Work<T> work) {
        try (Connection c = connection(what)) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Runs {@code work} in one transaction. */
    public <T> T transaction(String what, Work<T> work) {
        return transaction(what, false, work);
    }

    /**
     * Runs {@code work} in one transaction; when {@code retryUniqueViolations}, a unique violation
     * (two callers creating the same row at once) also runs the work again.
     */
    public <T> T transaction(String what, boolean retryUniqueViolations, Work<T> work) {
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (Connection c = connection(what)) {
                try {
                    begin(c);
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    rollbackQuietly(c, e);
                    throw e;
                } finally {
                    restoreAutoCommit(c);
                }
            } catch (SQLException e) {
                boolean again = dialect.isRetryable(e) || (retryUniqueViolations && dialect.isUniqueViolation(e));
                if (!again) {
                    throw failure(what, e);
                }
                last = e;
            }
        }
        throw failure(what + " (still conflicting after " + ATTEMPTS + " attempts)", last);
    }

    /**
     * A statement with the query timeout set. Set only when it differs: H2 keeps the timeout per
     * session and answers {@code getQueryTimeout} from the driver's cache, while each
     * {@code setQueryTimeout} runs a {@code SET} that bumps the database's metadata version, which
     * empties every session's query cache and makes every prepared query parse and plan again.
     * Other drivers keep it per statement (a new one has none), so they are set every time as before.
     */
    public PreparedStatement prepare(Connection c, String sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        if (ps.getQueryTimeout() != queryTimeoutSeconds) {
            ps.setQueryTimeout(queryTimeoutSeconds);
        }
        return ps;
    }

    private Connection connection(String what) {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new StorageException("database unavailable: no connection to " + what
                    + (e instanceof SQLTransientConnectionException ? " within the pool's connection timeout" : "")
                    + " (" + describe(e) + ")", e);
        }
    }

    private void begin(Connection c) throws SQLException {
        if (dialect.needsReadCommitted() && c.getTransactionIsolation() != Connection.TRANSACTION_READ_COMMITTED) {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        c.setAutoCommit(false);
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static void restoreAutoCommit(Connection c) {
        try {
            if (!c.isClosed()) {
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            // the connection is broken; the pool discards it
        }
    }

    /** The exception a store throws for a failed database call. Never contains parameter values. */
    public static StorageException failure(String what, SQLException e) {
        return new StorageException("could not " + what + " (" + describe(e) + ")", e);
    }

    private static String describe(SQLException e) {
        String state = e.getSQLState();
        return "SQLState " + (state == null ? "unknown" : state) + ", error " + e.getErrorCode()
                + ", " + e.getClass().getSimpleName();
    }
}
