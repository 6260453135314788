package dev.clipshare.core;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * A time range of a source video, from {@code start} (inclusive) to {@code end} (exclusive), at
 * millisecond precision (finer parts are dropped). Whether {@code end} lies within the source
 * is only known to the transcoder, which clamps a range that runs past the end of the video.
 *
 * @param start offset of the first frame, zero or more
 * @param end   offset after the last frame, greater than {@code start}
 */
public record ClipRange(Duration start, Duration end) {
    /** The longest range accepted: 24 hours. */
    public static final Duration MAX_LENGTH = Duration.ofHours(24);

    public ClipRange {
        if (start == null || end == null) {
            throw new ValidationException("range", "start and end are required");
        }
        start = start.truncatedTo(ChronoUnit.MILLIS);
        end = end.truncatedTo(ChronoUnit.MILLIS);
        if (start.isNegative()) {
            throw new ValidationException("range.start", "must not be negative, was " + start.toMillis() + " ms");
        }
        if (end.compareTo(start) <= 0) {
            throw new ValidationException("range", "end (" + end.toMillis() + " ms) must be after start (" + start.toMillis() + " ms)");
        }
        if (end.minus(start).compareTo(MAX_LENGTH) > 0) {
            throw new ValidationException("range", "is longer than 24 hours");
        }
    }

    public static ClipRange ofMillis(long startMillis, long endMillis) {
        return new ClipRange(Duration.ofMillis(startMillis), Duration.ofMillis(endMillis));
    }

    public static ClipRange ofSeconds(double startSeconds, double endSeconds) {
        return ofMillis(Math.round(startSeconds * 1000), Math.round(endSeconds * 1000));
    }

    public Duration length() {
        return end.minus(start);
    }
}
