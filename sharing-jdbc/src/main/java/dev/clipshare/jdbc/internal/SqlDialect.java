package dev.clipshare.jdbc.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What differs between the databases: the upserts, error codes and locks for the schema runner
 * (and, in {@link RateLimitRows}, whether a rate-limit decision can be one upsert). Everything
 * else is portable SQL in the stores. Instances are stateless and thread-safe.
 */
public abstract class SqlDialect {
    public static final SqlDialect POSTGRESQL = new Postgres();
    public static final SqlDialect MYSQL = new MySql();
    public static final SqlDialect H2 = new H2();

    /** The folder of this database's scripts under {@code dev/clipshare/jdbc/schema/} and {@code drop/}. */
    public abstract String folder();

    /** Whether {@code e} says a unique constraint refused a row. */
    public abstract boolean isUniqueViolation(SQLException e);

    /** Whether {@code e} is a deadlock or serialization failure: the transaction was rolled back and may simply run again. */
    public abstract boolean isRetryable(SQLException e);

    /**
     * Whether {@code ... LIMIT 1 FOR UPDATE SKIP LOCKED} returns the first row no other
     * transaction has locked (H2 applies the limit before skipping, so it may return nothing).
     */
    public boolean skipsLockedRows() {
        return true;
    }

    /** Whether transactions must ask for READ COMMITTED (the database defaults to something stricter that deadlocks more). */
    public boolean needsReadCommitted() {
        return false;
    }

    /** Whether DDL runs inside a transaction (so a failed migration leaves nothing behind). */
    public abstract boolean transactionalDdl();

    /**
     * Upserts a library's switch. Parameters: library_id, sharing_enabled, updated_at, then
     * sharing_enabled and updated_at again for the update branch (no {@code EXCLUDED}/{@code VALUES()}
     * references: MySQL deprecates the latter, MariaDB lacks MySQL's row alias).
     */
    public abstract String upsertLibrarySetting(Tables t);

    /**
     * Adds one to a target's export version counter, creating it at 1, in one statement that
     * leaves the counter row locked until commit. Parameter: target_key.
     */
    public abstract String bumpExportVersion(Tables t);

    /**
     * Locks a target's export version counter as it is, creating it at 0 when the target has
     * never been exported, in one statement that leaves the row locked until commit: share
     * creation takes it so that no export completes between reading the target's served export
     * and storing the share. Parameter: target_key.
     */
    public abstract String lockExportVersion(Tables t);

    /**
     * Deletes every expired bucket in one statement, or {@code null} where the buckets are deleted
     * in batches ({@link #deleteExpiredBuckets}). Parameter: now (epoch ms).
     */
    public String deleteAllExpiredBuckets(Tables t) {
        return null;
    }

    /**
     * Deletes at most a given number of expired buckets. Parameters: now (epoch ms), limit.
     * {@code null} where every expired bucket goes in one statement ({@link #deleteAllExpiredBuckets}).
     */
    public String deleteExpiredBuckets(Tables t) {
        return "DELETE FROM " + t.rateLimits() + " WHERE id IN (SELECT id FROM " + t.rateLimits()
                + " WHERE expires_at < ? LIMIT ?)";
    }


    /** Takes a session-wide lock serialising schema runners on several nodes; {@link #unlockSchema} ends it. */
    public abstract void lockSchema(Connection c, String name) throws SQLException;

    public abstract void unlockSchema(Connection c, String name) throws SQLException;

    static String sqlState(SQLException e) {
        return e.getSQLState() == null ? "" : e.getSQLState();
    }

    private static final class Postgres extends SqlDialect {
        /**
         * PostgreSQL's buckets have no index on expires_at (so a decision's update is heap-only):
         * batches would each scan the table again, past the rows earlier batches deleted, so one
         * statement scans it once. The table holds only the last minutes' buckets.
         */
        @Override
        public String deleteAllExpiredBuckets(Tables t) {
            return "DELETE FROM " + t.rateLimits() + " WHERE expires_at < ?";
        }

        @Override
        public String folder() {
            return "postgresql";
        }

        @Override
        public boolean isUniqueViolation(SQLException e) {
            return "23505".equals(e.getSQLState());
        }

        @Override
        public boolean isRetryable(SQLException e) {
            return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
        }

        @Override
        public boolean transactionalDdl() {
            return true;
        }

        @Override
        public String upsertLibrarySetting(Tables t) {
            return "INSERT INTO " + t.librarySettings() + " (library_id, sharing_enabled, updated_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT (library_id) DO UPDATE SET sharing_enabled = ?, updated_at = ?";
        }

        @Override
        public String bumpExportVersion(Tables t) {
            return "INSERT INTO " + t.exportVersions() + " (target_key, last_version) VALUES (?, 1)"
                    + " ON CONFLICT (target_key) DO UPDATE SET last_version = " + t.exportVersions() + ".last_version + 1";
        }

        @Override
        public String lockExportVersion(Tables t) {
            return "INSERT INTO " + t.exportVersions() + " (target_key, last_version) VALUES (?, 0)"
                    + " ON CONFLICT (target_key) DO UPDATE SET last_version = " + t.exportVersions() + ".last_version";
        }

        @Override
        public void lockSchema(Connection c, String name) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
                ps.setLong(1, lockId(name));
                ps.executeQuery().close();
            }
        }

        @Override
        public void unlockSchema(Connection c, String name) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                ps.setLong(1, lockId(name));
                ps.executeQuery().close();
            }
        }

        private static long lockId(String name) {
            long h = 1125899906842597L;
            for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
                h = 31 * h + b;
            }
            return h;
        }
    }

    private static final class MySql extends SqlDialect {
        @Override
        public String folder() {
            return "mysql";
        }

        @Override
        public boolean isUniqueViolation(SQLException e) {
            return e.getErrorCode() == 1062 || e.getErrorCode() == 1586;
        }

        @Override
        public boolean isRetryable(SQLException e) {
            // 1213 deadlock, 1020 "record has changed since last read" (MariaDB snapshot isolation)
            return e.getErrorCode() == 1213 || e.getErrorCode() == 1020 || "40001".equals(e.getSQLState());
        }

        @Override
        public boolean needsReadCommitted() {
            return true;
        }

        @Override
        public boolean transactionalDdl() {
            return false;
        }

        @Override
        public String upsertLibrarySetting(Tables t) {
            return "INSERT INTO " + t.librarySettings() + " (library_id, sharing_enabled, updated_at) VALUES (?, ?, ?)"
                    + " ON DUPLICATE KEY UPDATE sharing_enabled = ?, updated_at = ?";
        }

        @Override
        public String bumpExportVersion(Tables t) {
            return "INSERT INTO " + t.exportVersions() + " (target_key, last_version) VALUES (?, 1)"
                    + " ON DUPLICATE KEY UPDATE last_version = last_version + 1";
        }

        @Override
        public String lockExportVersion(Tables t) {
            return "INSERT INTO " + t.exportVersions() + " (target_key, last_version) VALUES (?, 0)"
                    + " ON DUPLICATE KEY UPDATE last_version = last_version";
        }

        @Override
        public String deleteExpiredBuckets(Tables t) {
            return "DELETE FROM " + t.rateLimits() + " WHERE expires_at < ? LIMIT ?";
        }

        @Override
        public void lockSchema(Connection c, String name) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, 60)")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getInt(1) != 1) {
                        throw new SQLException("another node held the schema lock '" + name + "' for 60 s");
                    }
                }
            }
        }

        @Override
        public void unlockSchema(Connection c, String name) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
                ps.setString(1, name);
                ps.executeQuery().close();
            }
        }
    }

    private static final class H2 extends SqlDialect {
        @Override
        public String folder() {
            return "h2";
        }

        @Override
        public boolean isUniqueViolation(SQLException e) {
            return "23505".equals(e.getSQLState());
        }

        @Override
        public boolean isRetryable(SQLException e) {
            // 40001 deadlock, 90131 concurrent update of one row
            return "40001".equals(e.getSQLState()) || e.getErrorCode() == 90131;
        }

        @Override
        public boolean transactionalDdl() {
            return false;
        }

        @Override
        public boolean skipsLockedRows() {
            return false;
        }

        @Override
        public String upsertLibrarySetting(Tables t) {
            return "MERGE INTO " + t.librarySettings() + " l USING (VALUES (CAST(? AS VARCHAR(200)), CAST(? AS BOOLEAN),"
                    + " CAST(? AS BIGINT))) s(library_id, sharing_enabled, updated_at) ON l.library_id = s.library_id"
                    + " WHEN MATCHED THEN UPDATE SET sharing_enabled = ?, updated_at = ?"
                    + " WHEN NOT MATCHED THEN INSERT (library_id, sharing_enabled, updated_at)"
                    + " VALUES (s.library_id, s.sharing_enabled, s.updated_at)";
        }

        @Override
        public String bumpExportVersion(Tables t) {
            return "MERGE INTO " + t.exportVersions() + " v USING (VALUES (CAST(? AS VARCHAR(410)))) s(target_key)"
                    + " ON v.target_key = s.target_key"
                    + " WHEN MATCHED THEN UPDATE SET last_version = v.last_version + 1"
                    + " WHEN NOT MATCHED THEN INSERT (target_key, last_version) VALUES (s.target_key, 1)";
        }

        @Override
        public String lockExportVersion(Tables t) {
            return "MERGE INTO " + t.exportVersions() + " v USING (VALUES (CAST(? AS VARCHAR(410)))) s(target_key)"
                    + " ON v.target_key = s.target_key"
                    + " WHEN MATCHED THEN UPDATE SET last_version = v.last_version"
                    + " WHEN NOT MATCHED THEN INSERT (target_key, last_version) VALUES (s.target_key, 0)";
        }

        /** H2 has no named lock; embedded H2 lives in one JVM, so a lock per database URL there serialises runners. */
        private static final java.util.concurrent.ConcurrentMap<String, java.util.concurrent.locks.ReentrantLock> LOCKS =
                new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void lockSchema(Connection c, String name) throws SQLException {
            LOCKS.computeIfAbsent(c.getMetaData().getURL() + "#" + name, k -> new java.util.concurrent.locks.ReentrantLock()).lock();
        }

        @Override
        public void unlockSchema(Connection c, String name) throws SQLException {
            LOCKS.get(c.getMetaData().getURL() + "#" + name).unlock();
        }
    }
}
