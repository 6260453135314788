package dev.clipshare.jdbc.internal;

import dev.clipshare.core.ClipRange;
import dev.clipshare.core.Export;
import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.ExportId;
import dev.clipshare.core.ExportStatus;
import dev.clipshare.core.PasswordHash;
import dev.clipshare.core.Principal;
import dev.clipshare.core.Share;
import dev.clipshare.core.ShareId;
import dev.clipshare.core.Target;
import dev.clipshare.core.TokenHash;
import dev.clipshare.core.Visibility;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Column lists and the mapping between rows and the core's records. */
public final class Rows {
    private Rows() { }

    public static final String SHARE_COLUMNS = "id, token_hash, sealed_token, library_id, source_id, segment_id, visibility,"
            + " title, description, metadata, password_hash, allow_download, expires_at, created_by_id, created_by_name,"
            + " created_at, updated_at, revoked_at, credential_version, view_count, failed_attempts, locked_until, idempotency_key";

    public static final String EXPORT_COLUMNS = "id, source_id, segment_id, version, range_start_ms, range_end_ms, status,"
            + " progress, duration_ns, width, height, clip_bytes, video_codec, audio_codec, has_hls, failure_reason, attempts,"
            + " lease_owner, lease_until, created_at, updated_at, completed_at";

    private static final Positions SHARE = new Positions(SHARE_COLUMNS);
    private static final Positions EXPORT = new Positions(EXPORT_COLUMNS);

    /**
     * A share from a row of {@code SELECT} {@link #SHARE_COLUMNS} (in that order). Read by position,
     * one column after the other in the order of {@link #SHARE_COLUMNS} (every page view maps one;
     * the store contracts round-trip every field, so a column read out of order fails them).
     */
    public static Share share(ResultSet rs) throws SQLException {
        int i = 0;
        ShareId id = new ShareId(rs.getString(++i));
        TokenHash tokenHash = new TokenHash(rs.getString(++i));
        String sealedToken = rs.getString(++i);
        String libraryId = rs.getString(++i);
        Target target = new Target(rs.getString(++i), rs.getString(++i));
        Visibility visibility = Visibility.valueOf(rs.getString(++i));
        String title = rs.getString(++i);
        String description = rs.getString(++i);
        Map<String, String> metadata = JsonStrings.read(rs.getString(++i));
        String passwordHash = rs.getString(++i);
        boolean allowDownload = rs.getBoolean(++i);
        Instant expiresAt = instant(rs, ++i);
        Principal createdBy = new Principal(rs.getString(++i), rs.getString(++i));
        Instant createdAt = instant(rs, ++i);
        Instant updatedAt = instant(rs, ++i);
        Instant revokedAt = instant(rs, ++i);
        long credentialVersion = rs.getLong(++i);
        long viewCount = rs.getLong(++i);
        int failedAttempts = rs.getInt(++i);
        Instant lockedUntil = instant(rs, ++i);
        String idempotencyKey = rs.getString(++i);
        return new Share(id, tokenHash, sealedToken, libraryId, target, visibility, title, description, metadata,
                passwordHash == null ? null : new PasswordHash(passwordHash), allowDownload, expiresAt, createdBy, createdAt,
                updatedAt, revokedAt, credentialVersion, viewCount, failedAttempts, lockedUntil, idempotencyKey);
    }

    static {
        if (!SHARE_COLUMNS.replace(" ", "").equals("id,token_hash,sealed_token,library_id,source_id,segment_id,visibility,title,"
                + "description,metadata,password_hash,allow_download,expires_at,created_by_id,created_by_name,created_at,updated_at,"
                + "revoked_at,credential_version,view_count,failed_attempts,locked_until,idempotency_key")) {
            throw new IllegalStateException("Rows.share reads the columns in the order of SHARE_COLUMNS; update both together");
        }
    }

    /** An export from a row of {@code SELECT} {@link #EXPORT_COLUMNS} (in that order). */
    public static Export export(ResultSet rs) throws SQLException {
        return export(rs, 0);
    }

    /** The number of columns of {@link #SHARE_COLUMNS}: where a joined row's export columns start. */
    public static final int SHARE_COLUMN_COUNT = SHARE_COLUMNS.split(",").length;

    /**
     * An export from the columns of {@link #EXPORT_COLUMNS} that follow {@code offset} other columns
     * in the row, or {@code null} when they are {@code NULL} (an outer join that found none).
     */
    public static Export exportAfter(ResultSet rs, int offset) throws SQLException {
        return rs.getString(offset + EXPORT.at("id")) == null ? null : export(rs, offset);
    }

    private static Export export(ResultSet rs, int offset) throws SQLException {
        long start = rs.getLong(offset + EXPORT.at("range_start_ms"));
        ClipRange range = rs.wasNull() ? null : ClipRange.ofMillis(start, rs.getLong(offset + EXPORT.at("range_end_ms")));
        ExportArtifacts artifacts = null;
        long durationNanos = rs.getLong(offset + EXPORT.at("duration_ns"));
        if (!rs.wasNull()) {
            artifacts = new ExportArtifacts(Duration.ofNanos(durationNanos), rs.getInt(offset + EXPORT.at("width")), rs.getInt(offset + EXPORT.at("height")),
                    rs.getLong(offset + EXPORT.at("clip_bytes")), rs.getString(offset + EXPORT.at("video_codec")), rs.getString(offset + EXPORT.at("audio_codec")), rs.getBoolean(offset + EXPORT.at("has_hls")));
        }
        return new Export(
                new ExportId(rs.getString(offset + EXPORT.at("id"))),
                new Target(rs.getString(offset + EXPORT.at("source_id")), rs.getString(offset + EXPORT.at("segment_id"))),
                rs.getLong(offset + EXPORT.at("version")),
                range,
                ExportStatus.valueOf(rs.getString(offset + EXPORT.at("status"))),
                rs.getInt(offset + EXPORT.at("progress")),
                artifacts,
                rs.getString(offset + EXPORT.at("failure_reason")),
                rs.getInt(offset + EXPORT.at("attempts")),
                rs.getString(offset + EXPORT.at("lease_owner")),
                instant(rs, offset + EXPORT.at("lease_until")),
                instant(rs, offset + EXPORT.at("created_at")),
                instant(rs, offset + EXPORT.at("updated_at")),
                instant(rs, offset + EXPORT.at("completed_at")));
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /** The value of the column at {@code index} (1-based) as an instant, or {@code null}. */
    public static Instant instant(ResultSet rs, int index) throws SQLException {
        long millis = rs.getLong(index);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /**
     * The 1-based positions of a column list's names. Rows are read by position: reading by label
     * makes H2 build a map of upper-cased labels for every result set, a cost on every lookup.
     */
    private static final class Positions {
        private final Map<String, Integer> positions = new HashMap<>();

        Positions(String columns) {
            String[] names = columns.split(",");
            for (int i = 0; i < names.length; i++) {
                positions.put(names[i].strip(), i + 1);
            }
        }

        int at(String name) {
            Integer i = positions.get(name);
            if (i == null) {
                throw new IllegalStateException("no column " + name + " in " + positions.keySet());
            }
            return i;
        }
    }

    public static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }

    public static void setString(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }
}
