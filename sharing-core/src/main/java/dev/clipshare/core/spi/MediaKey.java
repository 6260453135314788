package dev.clipshare.core.spi;

import dev.clipshare.core.Target;
import dev.clipshare.core.ValidationException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names one artifact of one export version in a {@link MediaStore}.
 *
 * @param target  the exported target
 * @param version the export version
 * @param name    a relative name such as {@code clip.mp4}, {@code thumbnail.jpg},
 *                {@code hls/index.m3u8} or {@code hls/seg-00001.ts}: one or two segments of
 *                {@code a-z 0-9 . _ -}, no dot segments
 */
public record MediaKey(Target target, long version, String name) {
    public static final String CLIP = "clip.mp4";
    public static final String THUMBNAIL = "thumbnail.jpg";
    public static final String HLS_PLAYLIST = "hls/index.m3u8";

    private static final Pattern NAME = Pattern.compile("[a-z0-9_-][a-z0-9._-]{0,63}(/[a-z0-9_-][a-z0-9._-]{0,63})?");

    public MediaKey {
        Objects.requireNonNull(target, "target");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, was " + version);
        }
        if (!isValidName(name)) {
            throw new ValidationException("media_name", "'" + name + "' is not a media name");
        }
    }

    /** Whether {@code name} is acceptable as a media name (safe to use as a relative path). */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.contains("..");
    }

    public static MediaKey clip(Target target, long version) {
        return new MediaKey(target, version, CLIP);
    }

    public static MediaKey thumbnail(Target target, long version) {
        return new MediaKey(target, version, THUMBNAIL);
    }

    public static MediaKey hlsPlaylist(Target target, long version) {
        return new MediaKey(target, version, HLS_PLAYLIST);
    }
}
