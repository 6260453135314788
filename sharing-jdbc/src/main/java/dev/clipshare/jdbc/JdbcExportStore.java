package dev.clipshare.jdbc;

import dev.clipshare.core.ClipRange;
import dev.clipshare.core.Export;
import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.ExportId;
import dev.clipshare.core.ExportStatus;
import dev.clipshare.core.StorageException;
import dev.clipshare.core.Target;
import dev.clipshare.core.spi.CompletionOutcome;
import dev.clipshare.core.spi.ExportJobStore;
import dev.clipshare.core.spi.ExportStore;
import dev.clipshare.jdbc.internal.Db;
import dev.clipshare.jdbc.internal.Rows;
import dev.clipshare.jdbc.internal.ServedExports;
import dev.clipshare.jdbc.internal.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link ExportStore} and cluster-safe job queue in a relational database (PostgreSQL,
 * MySQL/MariaDB or H2). Get one from {@link JdbcStores}:
 *
 * <pre>{@code
 * JdbcStores stores = JdbcStores.builder(dataSource).build();
 * Sharing sharing = Sharing.builder().exportStore(stores.exportStore()) ... .build();
 * }</pre>
 *
 * <p><b>How the promises are kept.</b>
 * <ul>
 *   <li>Versions: a counter row per target, bumped by an upsert inside the enqueue transaction,
 *       which holds that row's lock until the new export row is written; a unique index on
 *       {@code (target_key, version)} backs it up.</li>
 *   <li>Claims: on PostgreSQL and MySQL/MariaDB, two
 *       {@code SELECT ... ORDER BY created_at, version, id LIMIT 1 FOR UPDATE SKIP LOCKED} (the
 *       oldest pending job, the oldest job whose lease lapsed) find the oldest job no other
 *       worker is taking, without waiting for them. On H2 (whose {@code SKIP LOCKED} applies
 *       the limit first), or when those find nothing, a plain read of the oldest few candidates.
 *       Then a conditional {@code UPDATE ... WHERE id = ? AND (still pending or lapsed)} marks
 *       the job, and its update count decides: one job never goes to two workers. A lease ({@code lease_until}) that the worker's
 *       {@link #heartbeat} extends lets a job whose worker died be claimed again.</li>
 *   <li>Staleness: {@link #complete} locks the target's version counter (the row enqueue bumps)
 *       before it decides between {@code COMPLETED} and {@code SUPERSEDED}, so a newer version
 *       cannot appear between the check and the write. In the same transaction it names the
 *       completed export on every share of the target ({@code served_export_id}, which a share
 *       page reads); creating a share takes the same counter row first, so no share misses a
 *       completion.</li>
 *   <li>Ownership: {@code heartbeat}, {@code complete}, {@code fail} and {@code release} change a
 *       job only where {@code status = 'PROCESSING' AND lease_owner = ?}.</li>
 * </ul>
 * Failure reasons longer than {@value #MAX_REASON} characters are cut to that length. Failures
 * throw {@link StorageException} and leave nothing half-written.
 *
 * <p><b>Thread-safety.</b> Thread-safe; any number of workers on any number of nodes may share
 * the table.
 */
public final class JdbcExportStore implements ExportStore, ExportJobStore {
    /** Longest failure reason stored. */
    public static final int MAX_REASON = 10_000;

    private static final String CLAIMABLE = "(status = 'PENDING' OR (status = 'PROCESSING' AND lease_until < ?))";

    private final Db db;
    private final Tables t;
    private final String selectExport;
    private final String claimPending;
    private final String claimLapsed;
    private final ServedExports servedExports;

    JdbcExportStore(Db db, Tables tables) {
        this.servedExports = new ServedExports(db, tables);
        this.db = db;
        this.t = tables;
        this.selectExport = "SELECT " + Rows.EXPORT_COLUMNS + " FROM " + tables.exports();
        // each reads the claim index (status, created_at, version, id) in order, so that MySQL's
        // SKIP LOCKED skips a locked row and goes on instead of sorting first and then skipping
        this.claimPending = "SELECT id, created_at, version FROM " + tables.exports() + " WHERE status = 'PENDING'"
                + " ORDER BY created_at, version, id LIMIT 1 FOR UPDATE SKIP LOCKED";
        this.claimLapsed = "SELECT id, created_at, version FROM " + tables.exports() + " WHERE status = 'PROCESSING'"
                + " AND lease_until < ? ORDER BY created_at, version, id LIMIT 1 FOR UPDATE SKIP LOCKED";
    }

    @Override
    public Export enqueue(Target target, ClipRange range, Instant now) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(now, "now");
        // two first enqueues of a target may both try to create its counter row: the loser runs again
        return db.transaction("enqueue an export of " + target, true, c -> {
            try (PreparedStatement ps = db.prepare(c, db.dialect().bumpExportVersion(t))) {
                ps.setString(1, target.key());
                ps.executeUpdate();
            }
            long version;
            try (PreparedStatement ps = db.prepare(c, "SELECT last_version FROM " + t.exportVersions()
                    + " WHERE target_key = ? FOR UPDATE")) {
                ps.setString(1, target.key());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("export version counter of " + target + " vanished");
                    }
                    version = rs.getLong(1);
                }
            }
            Export export = new Export(ExportId.random(), target, version, range, ExportStatus.PENDING, 0, null, null, 0,
                    null, null, now, now, null);
            try (PreparedStatement ps = db.prepare(c, "INSERT INTO " + t.exports() + " (" + Rows.EXPORT_COLUMNS
                    + ", target_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int i = 0;
                ps.setString(++i, export.id().value());
                ps.setString(++i, target.sourceId());
                Rows.setString(ps, ++i, target.segmentId());
                ps.setLong(++i, version);
                if (range == null) {
                    ps.setNull(++i, Types.BIGINT);
                    ps.setNull(++i, Types.BIGINT);
                } else {
                    ps.setLong(++i, range.start().toMillis());
                    ps.setLong(++i, range.end().toMillis());
                }
                ps.setString(++i, ExportStatus.PENDING.name());
                ps.setInt(++i, 0);
                for (int n = 0; n < 4; n++) {
                    ps.setNull(++i, n == 0 || n == 3 ? Types.BIGINT : Types.INTEGER); // duration, width, height, bytes
                }
                ps.setNull(++i, Types.VARCHAR);
                ps.setNull(++i, Types.VARCHAR);
                ps.setNull(++i, Types.BOOLEAN);
                ps.setNull(++i, Types.VARCHAR);
                ps.setInt(++i, 0);
                ps.setNull(++i, Types.VARCHAR);
                ps.setNull(++i, Types.BIGINT);
                ps.setLong(++i, now.toEpochMilli());
                ps.setLong(++i, now.toEpochMilli());
                ps.setNull(++i, Types.BIGINT);
                ps.setString(++i, target.key());
                ps.executeUpdate();
            }
            return export;
        });
    }

    @Override
    public Optional<Export> find(ExportId id) {
        Objects.requireNonNull(id, "id");
        return db.autocommit("find export " + id, c -> one(c, selectExport + " WHERE id = ?", id.value()));
    }

    @Override
    public Optional<Export> findVersion(Target target, long version) {
        Objects.requireNonNull(target, "target");
        return db.autocommit("find export version " + version + " of " + target, c -> {
            try (PreparedStatement ps = db.prepare(c, selectExport + " WHERE target_key = ? AND version = ?")) {
                ps.setString(1, target.key());
                ps.setLong(2, version);
                return read(ps);
            }
        });
    }

    @Override
    public Optional<Export> latest(Target target) {
        Objects.requireNonNull(target, "target");
        return db.autocommit("find the latest export of " + target, c ->
                one(c, selectExport + " WHERE target_key = ? ORDER BY version DESC LIMIT 1", target.key()));
    }

    @Override
    public Optional<Export> latestCompleted(Target target) {
        Objects.requireNonNull(target, "target");
        return db.autocommit("find the latest completed export of " + target, c ->
                one(c, selectExport + " WHERE target_key = ? AND status = 'COMPLETED' ORDER BY version DESC LIMIT 1",
                        target.key()));
    }

    @Override
    public Optional<Export> claim(String workerId, Instant now, Duration lease) {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(lease, "lease");
        Instant until = now.plus(lease);
        return db.transaction("claim an export job", c -> {
            for (int round = 0; round < 16; round++) {
                List<String> candidates = new ArrayList<>();
                if (db.dialect().skipsLockedRows()) {
                    // the oldest pending and the oldest lapsed job that no other worker is taking
                    Candidate pending = lockOldest(c, claimPending, null);
                    Candidate lapsed = lockOldest(c, claimLapsed, now);
                    Candidate oldest = pending == null ? lapsed : lapsed == null ? pending : pending.compareTo(lapsed) <= 0 ? pending : lapsed;
                    if (oldest != null) {
                        candidates.add(oldest.id());
                    }
                }
                if (candidates.isEmpty()) {
                    // H2, or a query plan that sorted before skipping: read a few and let the conditional update decide
                    try (PreparedStatement ps = db.prepare(c, "SELECT id FROM " + t.exports() + " WHERE " + CLAIMABLE
                            + " ORDER BY created_at, version, id LIMIT 8")) {
                        ps.setLong(1, now.toEpochMilli());
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                candidates.add(rs.getString(1));
                            }
                        }
                    }
                }
                if (candidates.isEmpty()) {
                    return Optional.<Export>empty();
                }
                for (String id : candidates) {
                    try (PreparedStatement ps = db.prepare(c, "UPDATE " + t.exports() + " SET status = 'PROCESSING', progress = 0,"
                            + " attempts = attempts + 1, lease_owner = ?, lease_until = ?, updated_at = ?, completed_at = NULL"
                            + " WHERE id = ? AND " + CLAIMABLE)) {
                        ps.setString(1, workerId);
                        ps.setLong(2, until.toEpochMilli());
                        ps.setLong(3, now.toEpochMilli());
                        ps.setString(4, id);
                        ps.setLong(5, now.toEpochMilli());
                        if (ps.executeUpdate() == 1) {
                            return one(c, selectExport + " WHERE id = ?", id);
                        }
                    }
                    // another worker took it between our read and our write: the next candidate
                }
            }
            return Optional.<Export>empty();
        });
    }

    /** A claimable job in claim order. */
    private record Candidate(String id, long createdAt, long version) implements Comparable<Candidate> {
        @Override
        public int compareTo(Candidate o) {
            int byTime = Long.compare(createdAt, o.createdAt);
            if (byTime != 0) {
                return byTime;
            }
            int byVersion = Long.compare(version, o.version);
            return byVersion != 0 ? byVersion : id.compareTo(o.id);
        }
    }

    private Candidate lockOldest(Connection c, String sql, Instant now) throws SQLException {
        try (PreparedStatement ps = db.prepare(c, sql)) {
            if (now != null) {
                ps.setLong(1, now.toEpochMilli());
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Candidate(rs.getString(1), rs.getLong(2), rs.getLong(3)) : null;
            }
        }
    }

    @Override
    public boolean heartbeat(ExportId id, String workerId, int progress, Instant now, Duration lease) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(lease, "lease");
        int p = Math.max(0, Math.min(100, progress));
        return db.autocommit("renew the lease of export " + id, c -> {
            try (PreparedStatement ps = db.prepare(c, "UPDATE " + t.exports()
                    + " SET progress = CASE WHEN progress > ? THEN progress ELSE ? END, lease_until = ?, updated_at = ?"
                    + " WHERE id = ? AND status = 'PROCESSING' AND lease_owner = ?")) {
                ps.setInt(1, p);
                ps.setInt(2, p);
                ps.setLong(3, now.plus(lease).toEpochMilli());
                ps.setLong(4, now.toEpochMilli());
                ps.setString(5, id.value());
                ps.setString(6, workerId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public CompletionOutcome complete(ExportId id, String workerId, ExportArtifacts artifacts, Instant now) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(artifacts, "artifacts");
        Objects.requireNonNull(now, "now");
        return db.transaction("complete export " + id, c -> {
            String targetKey;
            long version;
            try (PreparedStatement ps = db.prepare(c, "SELECT target_key, version FROM " + t.exports()
                    + " WHERE id = ? AND status = 'PROCESSING' AND lease_owner = ? FOR UPDATE")) {
                ps.setString(1, id.value());
                ps.setString(2, workerId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return CompletionOutcome.LEASE_LOST;
                    }
                    targetKey = rs.getString(1);
                    version = rs.getLong(2);
                }
            }
            long newest = version;
            try (PreparedStatement ps = db.prepare(c, "SELECT last_version FROM " + t.exportVersions()
                    + " WHERE target_key = ? FOR UPDATE")) {
                ps.setString(1, targetKey);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        newest = rs.getLong(1);
                    }
                }
            }
            if (newest > version) {
                try (PreparedStatement ps = db.prepare(c, "UPDATE " + t.exports() + " SET status = 'FAILED',"
                        + " failure_reason = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?, completed_at = ?"
                        + " WHERE id = ?")) {
                    ps.setString(1, "superseded by version " + newest);
                    ps.setLong(2, now.toEpochMilli());
                    ps.setLong(3, now.toEpochMilli());
                    ps.setString(4, id.value());
                    ps.executeUpdate();
                }
                return CompletionOutcome.SUPERSEDED;
            }
            try (PreparedStatement ps = db.prepare(c, "UPDATE " + t.exports() + " SET status = 'COMPLETED', progress = 100,"
                    + " duration_ns = ?, width = ?, height = ?, clip_bytes = ?, video_codec = ?, audio_codec = ?, has_hls = ?,"
                    + " failure_reason = NULL, lease_owner = NULL, lease_until = NULL, updated_at = ?, completed_at = ?"
                    + " WHERE id = ?")) {
                int i = 0;
                ps.setLong(++i, artifacts.duration().toNanos());
                ps.setInt(++i, artifacts.width());
                ps.setInt(++i, artifacts.height());
                ps.setLong(++i, artifacts.clipBytes());
                ps.setString(++i, artifacts.videoCodec());
                Rows.setString(ps, ++i, artifacts.audioCodec());
                ps.setBoolean(++i, artifacts.hasHls());
                ps.setLong(++i, now.toEpochMilli());
                ps.setLong(++i, now.toEpochMilli());
                ps.setString(++i, id.value());
                ps.executeUpdate();
            }
            servedExports.recordCompleted(c, targetKey, id.value());
            return CompletionOutcome.COMPLETED;
        });
    }

    @Override
    public boolean fail(ExportId id, String workerId, String reason, Instant now, boolean retry) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(now, "now");
        String stored = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        String sql = retry
                ? "UPDATE " + t.exports() + " SET status = 'PENDING', progress = 0, failure_reason = ?, lease_owner = NULL,"
                        + " lease_until = NULL, updated_at = ?, completed_at = NULL WHERE id = ? AND status = 'PROCESSING' AND lease_owner = ?"
                : "UPDATE " + t.exports() + " SET status = 'FAILED', failure_reason = ?, lease_owner = NULL,"
                        + " lease_until = NULL, updated_at = ?, completed_at = ? WHERE id = ? AND status = 'PROCESSING' AND lease_owner = ?";
        return db.autocommit("fail export " + id, c -> {
            try (PreparedStatement ps = db.prepare(c, sql)) {
                int i = 0;
                ps.setString(++i, stored);
                ps.setLong(++i, now.toEpochMilli());
                if (!retry) {
                    ps.setLong(++i, now.toEpochMilli());
                }
                ps.setString(++i, id.value());
                ps.setString(++i, workerId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean release(ExportId id, String workerId, Instant now) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(now, "now");
        return db.autocommit("release export " + id, c -> {
            try (PreparedStatement ps = db.prepare(c, "UPDATE " + t.exports() + " SET status = 'PENDING', progress = 0,"
                    + " attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, lease_owner = NULL, lease_until = NULL,"
                    + " updated_at = ?, completed_at = NULL WHERE id = ? AND status = 'PROCESSING' AND lease_owner = ?")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setString(2, id.value());
                ps.setString(3, workerId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private Optional<Export> one(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = db.prepare(c, sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            return read(ps);
        }
    }

    private static Optional<Export> read(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(Rows.export(rs)) : Optional.empty();
        }
    }
}
