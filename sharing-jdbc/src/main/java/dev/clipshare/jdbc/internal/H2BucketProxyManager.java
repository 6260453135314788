package dev.clipshare.jdbc.internal;

import io.github.bucket4j.BucketExceptions;
import io.github.bucket4j.distributed.jdbc.CustomColumnProvider;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.AbstractSelectForUpdateBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.LockAndGetResult;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.SelectForUpdateBasedTransaction;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Bucket4j buckets in an H2 table, with the same select-for-update protocol (and the same table
 * layout) as Bucket4j's PostgreSQL and MySQL backends, which have no H2 sibling. Each decision is
 * one transaction holding the bucket's row lock, so concurrent callers never overdraw a bucket.
 */
final class H2BucketProxyManager extends AbstractSelectForUpdateBasedProxyManager<String> {
    private final DataSource dataSource;
    private final String table;
    private final BucketSettings settings;
    private final CustomColumnProvider<String> expiresAt;

    H2BucketProxyManager(DataSource dataSource, String table, BucketSettings settings) {
        super(settings.clientSideConfig());
        this.dataSource = dataSource;
        this.table = table;
        this.settings = settings;
        this.expiresAt = settings.expiresAt();
    }

    @Override
    protected SelectForUpdateBasedTransaction allocateTransaction(String key, Optional<Long> timeoutNanos) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new BucketExceptions.BucketExecutionException(e);
        }
        return new SelectForUpdateBasedTransaction() {
            @Override
            public void begin(Optional<Long> timeout) {
                run(() -> connection.setAutoCommit(false));
            }

            @Override
            public void rollback() {
                run(connection::rollback);
            }

            @Override
            public void commit(Optional<Long> timeout) {
                run(connection::commit);
            }

            @Override
            public LockAndGetResult tryLockAndGet(Optional<Long> timeout) {
                try (PreparedStatement ps = connection.prepareStatement("SELECT state FROM " + table + " WHERE id = ? FOR UPDATE")) {
                    applyTimeout(ps, timeout);
                    ps.setString(1, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? LockAndGetResult.locked(rs.getBytes(1)) : LockAndGetResult.notLocked();
                    }
                } catch (SQLException e) {
                    throw new BucketExceptions.BucketExecutionException(e);
                }
            }

            @Override
            public boolean tryInsertEmptyData(Optional<Long> timeout) {
                try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + table + " (id, state) VALUES (?, NULL)")) {
                    applyTimeout(ps, timeout);
                    ps.setString(1, key);
                    ps.executeUpdate();
                    return true;
                } catch (SQLException e) {
                    if ("23505".equals(e.getSQLState())) {
                        return true; // another caller created it meanwhile: lock that one
                    }
                    throw new BucketExceptions.BucketExecutionException(e);
                }
            }

            @Override
            public void update(byte[] data, RemoteBucketState newState, Optional<Long> timeout) {
                try (PreparedStatement ps = connection.prepareStatement("UPDATE " + table + " SET state = ?, expires_at = ? WHERE id = ?")) {
                    applyTimeout(ps, timeout);
                    ps.setBytes(1, data);
                    expiresAt.setCustomField(key, 2, ps, newState, settings.timeMeter().currentTimeNanos());
                    ps.setString(3, key);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    throw new BucketExceptions.BucketExecutionException(e);
                }
            }

            @Override
            public void release() {
                run(connection::close);
            }
        };
    }

    @Override
    public void removeProxy(String key) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
            ps.setString(1, key);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new BucketExceptions.BucketExecutionException(e);
        }
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private static void run(SqlAction action) {
        try {
            action.run();
        } catch (SQLException e) {
            throw new BucketExceptions.BucketExecutionException(e);
        }
    }
}
