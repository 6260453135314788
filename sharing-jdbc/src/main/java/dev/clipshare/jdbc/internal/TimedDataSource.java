package dev.clipshare.jdbc.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that gives every connection it hands out a network timeout, for code that takes
 * a {@link DataSource} and cannot be told to set one (Bucket4j's JDBC backends): a database that
 * stops answering then fails the call instead of hanging it. Pools such as HikariCP restore the
 * connection's own timeout when it is returned.
 */
public final class TimedDataSource implements DataSource {
    private static final Executor SAME_THREAD = Runnable::run;

    private final DataSource delegate;
    private final int networkTimeoutMillis;

    public TimedDataSource(DataSource delegate, int networkTimeoutMillis) {
        this.delegate = delegate;
        this.networkTimeoutMillis = networkTimeoutMillis;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return timed(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return timed(delegate.getConnection(username, password));
    }

    private Connection timed(Connection c) throws SQLException {
        try {
            c.setNetworkTimeout(SAME_THREAD, networkTimeoutMillis);
        } catch (SQLFeatureNotSupportedException | UnsupportedOperationException e) {
            // in-process database: nothing to time out
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate.isWrapperFor(iface);
    }
}
