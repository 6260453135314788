package dev.clipshare.jdbc;

import dev.clipshare.core.ShareId;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The process {@link DurableViewsTest} kills: counts views with a durable view log against a
 * database it cannot reach (so no flush ever commits, and what survives is the log alone), says
 * so on standard output, and waits to be killed.
 */
public final class ViewLogCrashChild {
    private ViewLogCrashChild() { }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        ShareId share = new ShareId(args[1]);
        int views = Integer.parseInt(args[2]);
        JdbcStores stores = JdbcStores.builder(new Unreachable()).dialect(JdbcDialect.H2).tablePrefix(TestDatabase.PREFIX)
                .views(ViewCounting.writeBehind(Duration.ofMillis(50), dir)).build();
        for (int i = 0; i < views; i++) {
            stores.shareStore().addViews(share, 1); // returns once the view is on disk
        }
        System.out.println("counted " + views);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** A database that is down. */
    private static final class Unreachable implements DataSource {
        @Override public Connection getConnection() throws SQLException { throw new SQLException("database down"); }
        @Override public Connection getConnection(String u, String p) throws SQLException { throw new SQLException("database down"); }
        @Override public PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(PrintWriter out) { }
        @Override public void setLoginTimeout(int seconds) { }
        @Override public int getLoginTimeout() { return 0; }
        @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException { throw new SQLFeatureNotSupportedException(); }
        @Override public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("not a wrapper"); }
        @Override public boolean isWrapperFor(Class<?> iface) { return false; }
    }
}
