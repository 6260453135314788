package dev.clipshare.jdbc.internal;

import dev.clipshare.core.ShareId;
import dev.clipshare.core.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Keeps each share row's {@code served_export_id}, the id of its target's newest completed export,
 * so that a share page reads one row of one table. Both writers take the target's export version
 * counter row first, in the same transaction as their write:
 * <ul>
 *   <li>completing an export ({@link #recordCompleted}) already holds it, to check that no newer
 *       version exists, and then names the export on every share of the target;</li>
 *   <li>creating a share takes it ({@link #lockTarget}) before it reads the newest completed
 *       export ({@link #recordOnNewShare}).</li>
 * </ul>
 * So a completion happens either wholly before a new share reads the served export (which it then
 * sees) or after the share is committed (and then its update finds the share): no share misses an
 * export. Only the newest version can complete, so the names only ever move to newer versions.
 * The lock order is always the counter row, then share rows. Thread-safe (stateless).
 */
public final class ServedExports {
    private final Db db;
    private final Tables t;
    private final String selectNewest;
    private final String updateShare;
    private final String updateTarget;

    public ServedExports(Db db, Tables tables) {
        this.db = db;
        this.t = tables;
        this.selectNewest = "SELECT id FROM " + tables.exports() + " WHERE target_key = ? AND status = 'COMPLETED'"
                + " ORDER BY version DESC";
        this.updateShare = "UPDATE " + tables.shares() + " SET served_export_id = ? WHERE id = ?";
        this.updateTarget = "UPDATE " + tables.shares() + " SET served_export_id = ? WHERE target_key = ?";
    }

    /** Locks the target's export version counter until commit, creating it (at 0) for a target never exported. */
    public void lockTarget(Connection c, Target target) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (PreparedStatement ps = db.prepare(c, db.dialect().lockExportVersion(t))) {
                ps.setString(1, target.key());
                ps.executeUpdate();
                return;
            } catch (SQLException e) {
                // H2's MERGE, when a concurrent first share or export of the target created the row
                // first: the row exists now, and H2 keeps the transaction going after a failed statement
                if (attempt == 2 || !db.dialect().isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Names the target's newest completed export on a share just inserted, when there is one: a
     * second statement rather than a column of the insert, since most shares are created before
     * their clip is exported. Call after {@link #lockTarget}, in the same transaction.
     */
    public void recordOnNewShare(Connection c, ShareId share, Target target) throws SQLException {
        String served;
        try (PreparedStatement ps = db.prepare(c, selectNewest)) {
            ps.setString(1, target.key());
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                served = rs.next() ? rs.getString(1) : null;
            }
        }
        if (served != null) {
            try (PreparedStatement ps = db.prepare(c, updateShare)) {
                ps.setString(1, served);
                ps.setString(2, share.value());
                ps.executeUpdate();
            }
        }
    }

    /** Names a just-completed export on every share of its target. Call holding the target's counter row lock. */
    public void recordCompleted(Connection c, String targetKey, String exportId) throws SQLException {
        try (PreparedStatement ps = db.prepare(c, updateTarget)) {
            ps.setString(1, exportId);
            ps.setString(2, targetKey);
            ps.executeUpdate();
        }
    }
}
