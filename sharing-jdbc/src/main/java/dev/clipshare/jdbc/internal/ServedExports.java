package dev.clipshare.jdbc.internal;

import dev.clipshare.core.ShareId;
import dev.clipshare.core.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

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
    private final String selectTargetShares;

    public ServedExports(Db db, Tables tables) {
        this.db = db;
        this.t = tables;
        this.selectNewest = "SELECT id FROM " + tables.exports() + " WHERE target_key = ? AND status = 'COMPLETED'"
                + " ORDER BY version DESC";
        this.updateShare = "UPDATE " + tables.shares() + " SET served_export_id = ? WHERE id = ?";
        this.selectTargetShares = "SELECT id FROM " + tables.shares() + " WHERE target_key = ? ORDER BY id";
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
        String served = newestCompleted(c, target);
        if (served != null) {
            try (PreparedStatement ps = db.prepare(c, updateShare)) {
                ps.setString(1, served);
                ps.setString(2, share.value());
                ps.executeUpdate();
            }
        }
    }

    /** The id of the target's newest completed export, from the exports themselves; {@code null} when none. */
    public String newestCompleted(Connection c, Target target) throws SQLException {
        try (PreparedStatement ps = db.prepare(c, selectNewest)) {
            ps.setString(1, target.key());
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * Names a just-completed export on every share of its target. Call holding the target's
     * counter row lock. The rows are written one by one in id order, the order in which the view
     * counts' batched flush writes them, so the two never wait for each other in a cycle (an
     * {@code UPDATE ... WHERE target_key = ?} would lock them in the target index's order).
     */
    public void recordCompleted(Connection c, String targetKey, String exportId) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = db.prepare(c, selectTargetShares)) {
            ps.setString(1, targetKey);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = db.prepare(c, updateShare)) {
            for (String id : ids) {
                ps.setString(1, exportId);
                ps.setString(2, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
