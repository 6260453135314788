package dev.clipshare.core;

import dev.clipshare.core.internal.Checks;
import java.util.Optional;

/**
 * What a share points at: a whole source video of the host, or a named segment of it (a
 * "moment"). The segment's time range is not part of its identity: it travels with each
 * export as a {@link ClipRange}, so a host can move a moment's start and end and re-export
 * without the links changing.
 *
 * <pre>{@code
 * Target whole = Target.source("video-42");
 * Target moment = Target.segment("video-42", "goal-at-12m");
 * }</pre>
 *
 * @param sourceId  the host's id of the video (1..200 characters)
 * @param segmentId the host's id of the segment, or {@code null} for the whole source
 */
public record Target(String sourceId, String segmentId) {
    public Target {
        Checks.identifier("source_id", sourceId, 200);
        if (segmentId != null) {
            Checks.identifier("segment_id", segmentId, 200);
        }
    }

    public static Target source(String sourceId) {
        return new Target(sourceId, null);
    }

    public static Target segment(String sourceId, String segmentId) {
        if (segmentId == null) {
            throw new ValidationException("segment_id", "is required for a segment target");
        }
        return new Target(sourceId, segmentId);
    }

    public boolean isSegment() {
        return segmentId != null;
    }

    public Optional<String> segment() {
        return Optional.ofNullable(segmentId);
    }

    /**
     * One string that identifies the target unambiguously, for stores that key by a single
     * column: the source id's length, a colon, the source id, and for a segment a slash and the
     * segment id. At most 410 characters.
     */
    public String key() {
        String base = sourceId.length() + ":" + sourceId;
        return segmentId == null ? base : base + "/" + segmentId;
    }

    /** Reverses {@link #key()}. */
    public static Target fromKey(String key) {
        int colon = key == null ? -1 : key.indexOf(':');
        if (colon <= 0) {
            throw new ValidationException("target_key", "malformed target key");
        }
        int length;
        try {
            length = Integer.parseInt(key.substring(0, colon));
        } catch (NumberFormatException e) {
            throw new ValidationException("target_key", "malformed target key");
        }
        int end = colon + 1 + length;
        if (length < 1 || end > key.length()) {
            throw new ValidationException("target_key", "malformed target key");
        }
        String source = key.substring(colon + 1, end);
        if (end == key.length()) {
            return new Target(source, null);
        }
        if (key.charAt(end) != '/') {
            throw new ValidationException("target_key", "malformed target key");
        }
        return new Target(source, key.substring(end + 1));
    }

    @Override
    public String toString() {
        return segmentId == null ? sourceId : sourceId + "#" + segmentId;
    }
}
