package dev.clipshare.core.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link MediaStore} knows about one stored artifact.
 *
 * @param size         bytes; 64-bit
 * @param lastModified when it was published
 * @param etag         a strong validator, quoted as HTTP wants it (e.g. {@code "v3-1048576"}),
 *                     that changes whenever the bytes could
 * @param contentType  the media type, e.g. {@code video/mp4}
 */
public record MediaObject(long size, Instant lastModified, String etag, String contentType) {
    public MediaObject {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(etag, "etag");
        if (etag.length() < 2 || etag.charAt(0) != '"' || etag.charAt(etag.length() - 1) != '"' || etag.startsWith("W/")) {
            throw new IllegalArgumentException("etag must be a quoted strong validator, was " + etag);
        }
        Objects.requireNonNull(contentType, "contentType");
    }

    /** The media type for a media name by its extension. */
    public static String contentTypeOf(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".mp4") || n.endsWith(".m4s")) {
            return "video/mp4";
        }
        if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (n.endsWith(".m3u8")) {
            return "application/vnd.apple.mpegurl";
        }
        if (n.endsWith(".ts")) {
            return "video/mp2t";
        }
        return "application/octet-stream";
    }
}
