package dev.clipshare.servlet.internal.api;

import dev.clipshare.core.ClipRange;
import dev.clipshare.core.Export;
import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.Page;
import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.Target;
import dev.clipshare.servlet.internal.json.Json;
import dev.clipshare.servlet.internal.json.JsonArray;
import dev.clipshare.servlet.internal.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/**
 * The JSON shapes of the API, snake_case, as documented in {@code openapi.json}. Every property
 * listed there is written here, {@code null} when it has no value, except the download pair,
 * which exists only on shares that allow downloads.
 */
final class Representations {
    private Representations() {}

    /**
     * A share's {@code status}: {@code revoked} once revoked, otherwise the status of what the link
     * serves: {@code completed} when an export of its target completed (even if a newer one is
     * running), else the newest export job's {@code pending}, {@code processing} or {@code failed}
     * ({@code pending} when the target has no export record at all). Expiry is reported apart, in
     * {@code expired}.
     */
    static String status(ShareDetails d) {
        if (d.isRevoked()) {
            return "revoked";
        }
        return d.exportStatus() == null ? "pending" : d.exportStatus().wireName();
    }

    static JsonObject share(ShareDetails d) {
        JsonObject n = Json.object();
        n.put("id", d.id().value());
        n.put("object", "share");
        n.put("status", status(d));
        n.put("visibility", d.visibility().wireName());
        n.put("library_id", d.libraryId());
        n.put("type", type(d.target()));
        target(n, d.target());
        n.put("share_url", d.pageUrl());
        n.put("stream_url", d.streamUrl());
        n.put("stream_url_expires_at", time(d.streamUrlExpiresAt()));
        n.put("thumbnail_url", d.thumbnailUrl());
        if (d.allowDownload()) {
            n.put("media_download_url", d.downloadUrl());
            n.put("media_download_url_expires_at", time(d.downloadUrlExpiresAt()));
        }
        n.put("title", d.title());
        n.put("description", d.description());
        JsonObject metadata = n.putObject("metadata");
        for (Map.Entry<String, String> e : d.metadata().entrySet()) {
            metadata.put(e.getKey(), e.getValue());
        }
        n.put("view_count", d.viewCount());
        n.put("has_password", d.hasPassword());
        n.put("allow_download", d.allowDownload());
        n.put("expires_at", time(d.expiresAt()));
        n.put("expired", d.expired());
        n.put("locked_until", time(d.lockedUntil()));
        n.put("revoked_at", time(d.revokedAt()));
        JsonObject creator = n.putObject("created_by");
        creator.put("id", d.createdBy().id());
        creator.put("name", d.createdBy().name());
        n.put("created_at", time(d.createdAt()));
        n.put("updated_at", time(d.updatedAt()));
        if (d.export() == null) {
            n.putNull("export");
        } else {
            n.put("export", export(d.export()));
        }
        return n;
    }

    static JsonObject shareList(Page<ShareDetails> page) {
        JsonObject n = Json.object();
        n.put("object", "list");
        JsonArray data = n.putArray("data");
        for (ShareDetails d : page.items()) {
            data.add(share(d));
        }
        n.put("has_more", page.nextCursor() != null);
        n.put("next_cursor", page.nextCursor());
        return n;
    }

    static JsonObject export(Export e) {
        JsonObject n = Json.object();
        n.put("id", e.id().value());
        n.put("object", "export");
        n.put("status", e.status().wireName());
        n.put("progress", e.progress());
        n.put("version", e.version());
        target(n, e.target());
        ClipRange range = e.range();
        if (range == null) {
            n.putNull("range");
        } else {
            JsonObject r = n.putObject("range");
            r.put("start_ms", range.start().toMillis());
            r.put("end_ms", range.end().toMillis());
        }
        n.put("failure_reason", e.failureReason());
        ExportArtifacts a = e.artifacts();
        if (a == null) {
            n.putNull("artifacts");
        } else {
            JsonObject o = n.putObject("artifacts");
            o.put("duration_ms", a.duration().toMillis());
            o.put("width", a.width());
            o.put("height", a.height());
            o.put("bytes", a.clipBytes());
            o.put("video_codec", a.videoCodec());
            o.put("audio_codec", a.audioCodec());
            o.put("has_hls", a.hasHls());
        }
        n.put("created_at", time(e.createdAt()));
        n.put("updated_at", time(e.updatedAt()));
        n.put("completed_at", time(e.completedAt()));
        return n;
    }

    static JsonObject librarySharing(String libraryId, boolean enabled) {
        JsonObject n = Json.object();
        n.put("object", "library_sharing");
        n.put("library_id", libraryId);
        n.put("sharing_enabled", enabled);
        return n;
    }

    /**
     * What the share points at, in the words of the shareable-assets API: {@code file} for a whole
     * source, {@code file_segment} for a segment of one.
     */
    static String type(Target t) {
        return t.segmentId() == null ? "file" : "file_segment";
    }

    private static void target(JsonObject n, Target t) {
        n.put("source_id", t.sourceId());
        n.put("segment_id", t.segmentId());
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
