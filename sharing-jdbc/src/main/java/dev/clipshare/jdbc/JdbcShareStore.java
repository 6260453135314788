package dev.clipshare.jdbc;

import dev.clipshare.core.Export;
import dev.clipshare.core.LinksPerTarget;
import dev.clipshare.core.Share;
import dev.clipshare.core.ShareConflictException;
import dev.clipshare.core.ShareId;
import dev.clipshare.core.ShareQuery;
import dev.clipshare.core.StorageException;
import dev.clipshare.core.TokenHash;
import dev.clipshare.core.spi.Change;
import dev.clipshare.core.spi.PasswordAttempt;
import dev.clipshare.core.spi.ShareChanges;
import dev.clipshare.core.spi.LibrarySettingsStore;
import dev.clipshare.core.spi.ServedShareLookup;
import dev.clipshare.core.spi.ShareStore;
import dev.clipshare.core.spi.ViewerStore;
import dev.clipshare.jdbc.internal.CompletedExports;
import dev.clipshare.jdbc.internal.Db;
import dev.clipshare.jdbc.internal.JsonStrings;
import dev.clipshare.jdbc.internal.Rows;
import dev.clipshare.jdbc.internal.ServedExports;
import dev.clipshare.jdbc.internal.Tables;
import dev.clipshare.jdbc.internal.ViewBuffer;
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
import java.util.function.Function;

/**
 * A {@link ShareStore} in a relational database (PostgreSQL, MySQL/MariaDB or H2), safe to share
 * between application nodes. Get one from {@link JdbcStores}:
 *
 * <pre>{@code
 * JdbcStores stores = JdbcStores.builder(dataSource).build();
 * ShareStore shares = stores.shareStore();
 * }</pre>
 *
 * <p><b>How the atomicity duties are kept.</b> By the database, never by Java locks:
 * <ul>
 *   <li>one-per-visibility: a share inserted under {@link LinksPerTarget#ONE_PER_VISIBILITY}
 *       carries its visibility in {@code active_slot}, covered by a unique index on
 *       {@code (target_key, active_slot)}; revoking sets it back to NULL (NULLs never collide),
 *       so a concurrent second insert fails on the index and becomes a
 *       {@link ShareConflictException} naming the holder. In the insert's transaction, an
 *       expired holder (expiry at or before the new link's creation time) is first revoked by
 *       one conditional {@code UPDATE}, which frees the slot: an expired link never blocks a new
 *       one, and the expiry is checked by the database under the row lock, not in Java;</li>
 *   <li>idempotency keys: a unique index on {@code (created_by_id, idempotency_key)}; the loser of
 *       a race reads and returns the winner's share;</li>
 *   <li>views: {@code view_count = view_count + n};</li>
 *   <li>password attempts: one transaction that locks the share's row ({@code SELECT ... FOR
 *       UPDATE}), so concurrent attempts on every node are counted one after another;</li>
 *   <li>updates and revocation: one {@code UPDATE} that also adds to the credential version.</li>
 * </ul>
 * Every method that writes more than one statement runs in one transaction, so a failure leaves
 * nothing half-written; every failure is a {@link StorageException} wrapping the
 * {@code SQLException}.
 *
 * <p><b>View counts.</b> With {@link ViewCounting#writeBehind(Duration)} (the default),
 * {@link #addViews} touches no database: views are summed in memory and written in one batch per
 * interval and on {@link #close()}. Reads return the count stored in the database, so a view shows
 * up on every node once its batch is written (within the interval) rather than at once; this is
 * deliberate: adding this node's unwritten views to a read cannot be done consistently while a
 * flush is in flight without locking reads against flushes. Views added within the last interval
 * are lost if the process dies without {@link #close()} (a crash, {@code kill -9}) or if the
 * database is unreachable at close. With {@link ViewCounting#synchronous()}, each call is one
 * {@code UPDATE}.
 *
 * <p><b>Thread-safety.</b> Thread-safe; one instance serves all request threads of a node.
 */
public final class JdbcShareStore implements ShareStore, ViewerStore, LibrarySettingsStore, ServedShareLookup, AutoCloseable {
    /** Completed exports a node keeps for {@link #findServed} (a few MB at most). */
    static final int COMPLETED_EXPORTS_KEPT = 10_000;

    private final Db db;
    private final Tables t;
    private final ViewBuffer views;
    private final String selectShare;
    private final String selectServed;
    private final String selectCompletedExport;
    private final ServedExports servedExports;
    private final CompletedExports completedExports = new CompletedExports(COMPLETED_EXPORTS_KEPT);

    JdbcShareStore(Db db, Tables tables, ViewBuffer views) {
        this.db = db;
        this.t = tables;
        this.views = views;
        this.servedExports = new ServedExports(db, tables);
        this.selectShare = "SELECT " + Rows.SHARE_COLUMNS + " FROM " + tables.shares();
        // the share and the id of its target's newest completed export, which the share row carries
        // (written when an export completes): one row of one table. The export's row itself comes
        // from this node's copy (a completed row never changes, CompletedExports)
        this.selectServed = "SELECT " + Rows.SHARE_COLUMNS + ", served_export_id FROM " + tables.shares() + " WHERE token_hash = ?";
        this.selectCompletedExport = "SELECT " + Rows.EXPORT_COLUMNS + " FROM " + tables.exports() + " WHERE id = ? AND status = 'COMPLETED'";
    }

    @Override
    public Share insert(Share share, LinksPerTarget policy) {
        Objects.requireNonNull(share, "share");
        Objects.requireNonNull(policy, "policy");
        if (share.idempotencyKey() != null) {
            Optional<Share> earlier = byIdempotencyKey(share);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        try {
            Optional<Share> retried = db.transaction("store share " + share.id(), c -> {
                // first the target's export counter, as completing an export takes it: an export
                // completes either before this reads the served one, or after this share is stored
                servedExports.lockTarget(c, share.target());
                if (policy == LinksPerTarget.ONE_PER_VISIBILITY) {
                    retireExpired(c, share);
                    Optional<ShareId> active = activeShare(c, share);
                    if (active.isPresent()) {
                        // the active link may be the one a concurrent first call of this retry just stored
                        if (share.idempotencyKey() != null) {
                            Optional<Share> first = one(c, selectShare + " WHERE created_by_id = ? AND idempotency_key = ?",
                                    share.createdBy().id(), share.idempotencyKey());
                            if (first.isPresent()) {
                                return first;
                            }
                        }
                        throw conflict(share, active.get());
                    }
                }
                insertRow(c, share, policy);
                servedExports.recordOnNewShare(c, share.id(), share.target());
                return Optional.<Share>empty();
            });
            return retried.orElse(share);
        } catch (StorageException e) {
            if (!(e.getCause() instanceof SQLException sql) || !db.dialect().isUniqueViolation(sql)) {
                throw e;
            }
            // a unique index refused the row: find out which promise it kept
            if (share.idempotencyKey() != null) {
                Optional<Share> winner = byIdempotencyKey(share);
                if (winner.isPresent()) {
                    return winner.get();
                }
            }
            if (policy == LinksPerTarget.ONE_PER_VISIBILITY) {
                throw conflict(share, db.autocommit("find the active share of " + share.target(),
                        c -> activeShare(c, share)).orElse(null));
            }
            throw new ShareConflictException("share id or token already exists");
        }
    }

    private static ShareConflictException conflict(Share share, ShareId existing) {
        return new ShareConflictException("target " + share.target() + " already has an active "
                + share.visibility().wireName() + " link" + (existing == null ? "" : ": " + existing), existing);
    }

    /**
     * Revokes the unrevoked links of the same target and visibility that have expired at the new
     * link's creation time, so the new one takes their place and none of them can be revived next
     * to it. The row locks this takes make a concurrent revival (an expiry removed) and this
     * retirement happen one after the other; the database re-checks the expiry after the wait.
     */
    private void retireExpired(Connection c, Share share) throws SQLException {
        try (PreparedStatement ps = db.prepare(c, "UPDATE " + t.shares()
                + " SET revoked_at = ?, credential_version = credential_version + 1, active_slot = NULL"
                + " WHERE target_key = ? AND visibility = ? AND revoked_at IS NULL AND expires_at <= ?")) {
            long now = share.createdAt().toEpochMilli();
            ps.setLong(1, now);
            ps.setString(2, share.target().key());
            ps.setString(3, share.visibility().name());
            ps.setLong(4, now);
            ps.executeUpdate();
        }
    }

    /**
     * The unrevoked share of the same target and visibility, including ones stored under the
     * MULTIPLE policy (after {@link #retireExpired}, unrevoked means active).
     */
    private Optional<ShareId> activeShare(Connection c, Share share) throws SQLException {
        try (PreparedStatement ps = db.prepare(c, "SELECT id FROM " + t.shares()
                + " WHERE target_key = ? AND visibility = ? AND revoked_at IS NULL")) {
            ps.setString(1, share.target().key());
            ps.setString(2, share.visibility().name());
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new ShareId(rs.getString(1))) : Optional.empty();
            }
        }
    }

    private void insertRow(Connection c, Share s, LinksPerTarget policy) throws SQLException {
        String sql = "INSERT INTO " + t.shares() + " (" + Rows.SHARE_COLUMNS + ", target_key, active_slot)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = db.prepare(c, sql)) {
            int i = 0;
            ps.setString(++i, s.id().value());
            ps.setString(++i, s.tokenHash().hex());
            ps.setString(++i, s.sealedToken());
            ps.setString(++i, s.libraryId());
            ps.setString(++i, s.target().sourceId());
            Rows.setString(ps, ++i, s.target().segmentId());
            ps.setString(++i, s.visibility().name());
            Rows.setString(ps, ++i, s.title());
            Rows.setString(ps, ++i, s.description());
            ps.setString(++i, JsonStrings.write(s.metadata()));
            Rows.setString(ps, ++i, s.passwordHash() == null ? null : s.passwordHash().value());
            ps.setBoolean(++i, s.allowDownload());
            Rows.setInstant(ps, ++i, s.expiresAt());
            ps.setString(++i, s.createdBy().id());
            ps.setString(++i, s.createdBy().name());
            Rows.setInstant(ps, ++i, s.createdAt());
            Rows.setInstant(ps, ++i, s.updatedAt());
            Rows.setInstant(ps, ++i, s.revokedAt());
            ps.setLong(++i, s.credentialVersion());
            ps.setLong(++i, s.viewCount());
            ps.setInt(++i, s.failedAttempts());
            Rows.setInstant(ps, ++i, s.lockedUntil());
            Rows.setString(ps, ++i, s.idempotencyKey());
            ps.setString(++i, s.target().key());
            boolean holdsSlot = policy == LinksPerTarget.ONE_PER_VISIBILITY && !s.isRevoked();
            Rows.setString(ps, ++i, holdsSlot ? s.visibility().name() : null);
            ps.executeUpdate();
        }
    }

    private Optional<Share> byIdempotencyKey(Share share) {
        return db.autocommit("find share by idempotency key", c ->
                one(c, selectShare + " WHERE created_by_id = ? AND idempotency_key = ?",
                        share.createdBy().id(), share.idempotencyKey()));
    }

    @Override
    public Optional<Share> findById(ShareId id) {
        Objects.requireNonNull(id, "id");
        return db.autocommit("find share " + id, c -> one(c, selectShare + " WHERE id = ?", id.value()));
    }

    @Override
    public Optional<Share> findByTokenHash(TokenHash hash) {
        Objects.requireNonNull(hash, "hash");
        return db.autocommit("find share by token hash", c -> one(c, selectShare + " WHERE token_hash = ?", hash.hex()));
    }

    /**
     * The share and its target's latest completed export in one statement that reads one row: the
     * share row carries the id of the newest completed version ({@code served_export_id}, written by
     * {@link JdbcExportStore#complete} and at share creation, see {@code ServedExports}); a row that
     * names none (not exported yet, or stored by a release before schema version 4) takes a second
     * statement that asks the exports. The
     * export's row comes from this node's copy of completed exports (such a row is never written
     * again), so only the first view of a new version on a node reads it, in a second statement on
     * the same connection. Which version is the newest, and everything of the share, is read from
     * the database on every call: a revoke or a re-export on another node counts at the next view.
     */
    @Override
    public Optional<ServedShare> findServed(TokenHash hash) {
        Objects.requireNonNull(hash, "hash");
        return db.autocommit("find share and served export by token hash", c -> {
            Share share;
            String exportId;
            try (PreparedStatement ps = db.prepare(c, selectServed)) {
                ps.setString(1, hash.hex());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    share = Rows.share(rs);
                    exportId = rs.getString(Rows.SHARE_COLUMN_COUNT + 1);
                }
            }
            if (exportId == null) {
                // a row that names none: its clip was never exported, or a release before schema
                // version 4 stored it; the exports are asked, in a second statement (a subquery in the
                // first would cost every view its set-up, even where the row names its export)
                exportId = servedExports.newestCompleted(c, share.target());
            }
            if (exportId == null) {
                return Optional.of(new ServedShare(share, null));
            }
            Export served = completedExports.get(exportId);
            if (served == null) {
                try (PreparedStatement ps = db.prepare(c, selectCompletedExport)) {
                    ps.setString(1, exportId);
                    try (ResultSet rs = ps.executeQuery()) {
                        served = rs.next() ? Rows.export(rs) : null; // gone since: a deleted export serves nothing
                    }
                }
                if (served != null) {
                    completedExports.put(served);
                }
            }
            return Optional.of(new ServedShare(share, served));
        });
    }

    @Override
    public List<Share> list(ShareQuery query) {
        Objects.requireNonNull(query, "query");
        StringBuilder sql = new StringBuilder(selectShare).append(" WHERE target_key = ?");
        if (!query.includeRevoked()) {
            sql.append(" AND revoked_at IS NULL");
        }
        if (query.after() != null) {
            sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ").append(query.limit());
        return db.autocommit("list shares", c -> {
            try (PreparedStatement ps = db.prepare(c, sql.toString())) {
                ps.setString(1, query.target().key());
                if (query.after() != null) {
                    long at = query.after().createdAt().toEpochMilli();
                    ps.setLong(2, at);
                    ps.setLong(3, at);
                    ps.setString(4, query.after().id().value());
                }
                List<Share> shares = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        shares.add(Rows.share(rs));
                    }
                }
                return shares;
            }
        });
    }

    @Override
    public Optional<Share> update(ShareId id, ShareChanges changes) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(changes, "changes");
        List<String> sets = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        set(sets, values, "title", changes.title(), v -> v);
        set(sets, values, "description", changes.description(), v -> v);
        set(sets, values, "metadata", changes.metadata(), JsonStrings::write);
        set(sets, values, "password_hash", changes.passwordHash(), h -> h.value());
        set(sets, values, "allow_download", changes.allowDownload(), v -> v);
        set(sets, values, "expires_at", changes.expiresAt(), Instant::toEpochMilli);
        sets.add("updated_at = ?");
        values.add(changes.updatedAt().toEpochMilli());
        if (changes.bumpCredentialVersion()) {
            sets.add("credential_version = credential_version + 1");
        }
        String sql = "UPDATE " + t.shares() + " SET " + String.join(", ", sets) + " WHERE id = ?";
        return db.transaction("update share " + id, c -> {
            try (PreparedStatement ps = db.prepare(c, sql)) {
                int i = 0;
                for (Object v : values) {
                    bind(ps, ++i, v);
                }
                ps.setString(++i, id.value());
                if (ps.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            return one(c, selectShare + " WHERE id = ?", id.value());
        });
    }

    /** A typed null, so every driver knows the column type of a cleared value. */
    private record Null(int sqlType) { }

    private static <T> void set(List<String> sets, List<Object> values, String column, Change<T> change,
                                Function<T, Object> toColumn) {
        switch (change.kind()) {
            case KEEP -> { }
            case SET -> {
                sets.add(column + " = ?");
                values.add(toColumn.apply(change.value()));
            }
            case CLEAR -> {
                sets.add(column + " = ?");
                values.add(new Null(column.equals("expires_at") ? Types.BIGINT : Types.VARCHAR));
            }
        }
    }

    private static void bind(PreparedStatement ps, int index, Object v) throws SQLException {
        if (v instanceof Null n) {
            ps.setNull(index, n.sqlType());
        } else if (v instanceof String s) {
            ps.setString(index, s);
        } else if (v instanceof Long l) {
            ps.setLong(index, l);
        } else if (v instanceof Boolean b) {
            ps.setBoolean(index, b);
        } else {
            throw new IllegalStateException("unexpected column value " + v.getClass());
        }
    }

    @Override
    public Optional<Share> revoke(ShareId id, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return db.transaction("revoke share " + id, c -> {
            try (PreparedStatement ps = db.prepare(c, "UPDATE " + t.shares()
                    + " SET revoked_at = ?, credential_version = credential_version + 1, active_slot = NULL"
                    + " WHERE id = ? AND revoked_at IS NULL")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, id.value());
                ps.executeUpdate();
            }
            return one(c, selectShare + " WHERE id = ?", id.value());
        });
    }

    @Override
    public boolean delete(ShareId id) {
        Objects.requireNonNull(id, "id");
        return db.autocommit("delete share " + id, c -> {
            try (PreparedStatement ps = db.prepare(c, "DELETE FROM " + t.shares() + " WHERE id = ?")) {
                ps.setString(1, id.value());
                return ps.executeUpdate() > 0;
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>In write-behind mode this only adds to an in-memory sum (see the class comment).
     *
     * @throws IllegalArgumentException when {@code count} is negative
     */
    @Override
    public void addViews(ShareId id, long count) {
        Objects.requireNonNull(id, "id");
        if (count < 0) {
            throw new IllegalArgumentException("view count to add must not be negative, was " + count);
        }
        if (count == 0) {
            return;
        }
        if (views != null) {
            views.add(id, count);
            return;
        }
        db.autocommit("count views of share " + id, c -> {
            try (PreparedStatement ps = db.prepare(c, "UPDATE " + t.shares() + " SET view_count = view_count + ? WHERE id = ?")) {
                ps.setLong(1, count);
                ps.setString(2, id.value());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public PasswordAttempt reservePasswordAttempt(ShareId id, Instant now, int maxFailures, Duration lockout) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(lockout, "lockout");
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1, was " + maxFailures);
        }
        return db.transaction("reserve a password attempt for share " + id, c -> {
            int failures;
            Instant lockedUntil;
            try (PreparedStatement ps = db.prepare(c, "SELECT failed_attempts, locked_until FROM " + t.shares()
                    + " WHERE id = ? FOR UPDATE")) {
                ps.setString(1, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return PasswordAttempt.permitted(1, null);
                    }
                    failures = rs.getInt("failed_attempts");
                    lockedUntil = Rows.instant(rs, "locked_until");
                }
            }
            if (lockedUntil != null && now.isBefore(lockedUntil)) {
                return PasswordAttempt.locked(failures, lockedUntil);
            }
            int counted = (lockedUntil != null ? 0 : failures) + 1;
            Instant lock = counted >= maxFailures ? now.plus(lockout) : null;
            try (PreparedStatement ps = db.prepare(c, "UPDATE " + t.shares()
                    + " SET failed_attempts = ?, locked_until = ? WHERE id = ?")) {
                ps.setInt(1, counted);
                Rows.setInstant(ps, 2, lock);
                ps.setString(3, id.value());
                ps.executeUpdate();
            }
            return PasswordAttempt.permitted(counted, lock);
        });
    }

    @Override
    public void clearPasswordFailures(ShareId id) {
        Objects.requireNonNull(id, "id");
        db.autocommit("clear password failures of share " + id, c -> {
            try (PreparedStatement ps = db.prepare(c, "UPDATE " + t.shares()
                    + " SET failed_attempts = 0, locked_until = NULL WHERE id = ?")) {
                ps.setString(1, id.value());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean isSharingEnabled(String libraryId) {
        Objects.requireNonNull(libraryId, "libraryId");
        return db.autocommit("read the sharing switch", c -> {
            try (PreparedStatement ps = db.prepare(c, "SELECT sharing_enabled FROM " + t.librarySettings()
                    + " WHERE library_id = ?")) {
                ps.setString(1, libraryId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
    }

    @Override
    public void setSharingEnabled(String libraryId, boolean enabled, Instant at) {
        Objects.requireNonNull(libraryId, "libraryId");
        Objects.requireNonNull(at, "at");
        db.autocommit("set the sharing switch", c -> {
            try (PreparedStatement ps = db.prepare(c, db.dialect().upsertLibrarySetting(t))) {
                ps.setString(1, libraryId);
                ps.setBoolean(2, enabled);
                ps.setLong(3, at.toEpochMilli());
                ps.setBoolean(4, enabled);
                ps.setLong(5, at.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Writes the views added in write-behind mode now, instead of at the next interval. Does
     * nothing in synchronous mode.
     *
     * @throws StorageException when the database refused; the views stay pending and are written later
     */
    public void flushViews() {
        if (views != null) {
            views.flush();
        }
    }

    /** Views added in write-behind mode and not written yet; always 0 in synchronous mode. */
    public long pendingViews() {
        return views == null ? 0 : views.pendingViews();
    }

    /**
     * Writes pending views (write-behind mode). Closing the {@link JdbcStores} that made this
     * store does the same and also stops its timer; the data source stays open (it is the host's).
     */
    @Override
    public void close() {
        flushViews();
    }

    private Optional<Share> one(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = db.prepare(c, sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Rows.share(rs)) : Optional.empty();
            }
        }
    }
}
