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

/** Column lists and the mapping between rows and the core's records. */
public final class Rows {
    private Rows() { }

    public static final String SHARE_COLUMNS = "id, token_hash, sealed_token, library_id, source_id, segment_id, visibility,"
            + " title, description, metadata, password_hash, allow_download, expires_at, created_by_id, created_by_name,"
            + " created_at, updated_at, revoked_at, credential_version, view_count, failed_attempts, locked_until, idempotency_key";

    public static final String EXPORT_COLUMNS = "id, source_id, segment_id, version, range_start_ms, range_end_ms, status,"
            + " progress, duration_ns, width, height, clip_bytes, video_codec, audio_codec, has_hls, failure_reason, attempts,"
            + " lease_owner, lease_until, created_at, updated_at, completed_at";

    public static Share share(ResultSet rs) throws SQLException {
        String passwordHash = rs.getString("password_hash");
        return new Share(
                new ShareId(rs.getString("id")),
                new TokenHash(rs.getString("token_hash")),
                rs.getString("sealed_token"),
                rs.getString("library_id"),
                new Target(rs.getString("source_id"), rs.getString("segment_id")),
                Visibility.valueOf(rs.getString("visibility")),
                rs.getString("title"),
                rs.getString("description"),
                JsonStrings.read(rs.getString("metadata")),
                passwordHash == null ? null : new PasswordHash(passwordHash),
                rs.getBoolean("allow_download"),
                instant(rs, "expires_at"),
                new Principal(rs.getString("created_by_id"), rs.getString("created_by_name")),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "revoked_at"),
                rs.getLong("credential_version"),
                rs.getLong("view_count"),
                rs.getInt("failed_attempts"),
                instant(rs, "locked_until"),
                rs.getString("idempotency_key"));
    }

    public static Export export(ResultSet rs) throws SQLException {
        long start = rs.getLong("range_start_ms");
        ClipRange range = rs.wasNull() ? null : ClipRange.ofMillis(start, rs.getLong("range_end_ms"));
        ExportArtifacts artifacts = null;
        long durationNanos = rs.getLong("duration_ns");
        if (!rs.wasNull()) {
            artifacts = new ExportArtifacts(Duration.ofNanos(durationNanos), rs.getInt("width"), rs.getInt("height"),
                    rs.getLong("clip_bytes"), rs.getString("video_codec"), rs.getString("audio_codec"), rs.getBoolean("has_hls"));
        }
        return new Export(
                new ExportId(rs.getString("id")),
                new Target(rs.getString("source_id"), rs.getString("segment_id")),
                rs.getLong("version"),
                range,
                ExportStatus.valueOf(rs.getString("status")),
                rs.getInt("progress"),
                artifacts,
                rs.getString("failure_reason"),
                rs.getInt("attempts"),
                rs.getString("lease_owner"),
                instant(rs, "lease_until"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "completed_at"));
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
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
