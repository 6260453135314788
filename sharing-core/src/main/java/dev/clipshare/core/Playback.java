package dev.clipshare.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The media URLs of one ready share, built and signed by the one rule every surface uses: the
 * share page, the viewer's status JSON and the management API all read them from here, so they
 * always name the same export version.
 *
 * <p><b>The rule.</b> A public, password-less share's media URLs carry the export version
 * ({@code ?v=3}), so a CDN caching media for a while still switches to a re-export at once. A
 * private or password-protected share's carry a stream signature ({@code ?sig=…}) bound to the
 * share, its credentials and the export version, valid until {@link #expiresAt()} (at most the
 * stream URL lifetime, never past the viewer's grant or the link's expiry).
 *
 * <pre>{@code
 * ShareAccess access = sharing.resolve(ViewRequest.page(token));
 * if (access instanceof ShareAccess.Ready ready) {
 *     Playback p = ready.playback();
 *     p.clipUrl();                       // https://video.example.com/s/<token>/clip.mp4?v=3
 *     p.clip("/ctx/s/" + token);         // the same URL relative to a page path of this site
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe. Holds the share's token: {@link #toString()} prints neither it
 * nor any URL.
 */
public final class Playback {
    private static final String CLIP = "/clip.mp4";
    private static final String THUMBNAIL = "/thumbnail.jpg";
    private static final String HLS = "/hls/index.m3u8";
    private static final String DOWNLOAD = "/download";

    private final String pageUrl;
    private final long version;
    private final String query;
    private final Instant expiresAt;
    private final boolean hls;
    private final boolean download;
    private final boolean fromSignedUrl;

    Playback(String pageUrl, long version, String query, Instant expiresAt, boolean hls, boolean download, boolean fromSignedUrl) {
        this.pageUrl = Objects.requireNonNull(pageUrl, "pageUrl");
        this.version = version;
        this.query = Objects.requireNonNull(query, "query");
        this.expiresAt = expiresAt;
        this.hls = hls;
        this.download = download;
        this.fromSignedUrl = fromSignedUrl;
    }

    /** The export version these URLs serve. */
    public long version() {
        return version;
    }

    /** Whether the URLs carry a stream signature (private or password-protected shares). */
    public boolean signed() {
        return expiresAt != null;
    }

    /** When signed URLs stop working; empty for a public, password-less share's. */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /**
     * Whether the request that was resolved came with a signed URL and these URLs reuse its
     * signature: it named an export version, and nothing else may be served for it.
     */
    public boolean fromSignedUrl() {
        return fromSignedUrl;
    }

    /** What every media URL of this playback ends with: {@code ?v=3} or {@code ?sig=…}. */
    public String query() {
        return query;
    }

    /** The share page's absolute URL, built on the configured public base URL. */
    public String pageUrl() {
        return pageUrl;
    }

    /** The MP4 under {@code page}, the share page's URL or path on this site. */
    public String clip(String page) {
        return page + CLIP + query;
    }

    /** The thumbnail under {@code page}. */
    public String thumbnail(String page) {
        return page + THUMBNAIL + query;
    }

    /** The HLS playlist under {@code page}, when the export has one. */
    public Optional<String> hls(String page) {
        return hls ? Optional.of(page + HLS + query) : Optional.empty();
    }

    /** What a player should stream: the HLS playlist when there is one, else the MP4. */
    public String stream(String page) {
        return hls ? page + HLS + query : clip(page);
    }

    /**
     * The stable download route under {@code page} when the share allows downloads. Opened with
     * the viewer's grant or session, it redirects to a short-lived signed URL.
     */
    public Optional<String> download(String page) {
        return download ? Optional.of(page + DOWNLOAD) : Optional.empty();
    }

    /** {@link #clip(String)} on the absolute page URL. */
    public String clipUrl() {
        return clip(pageUrl);
    }

    /** {@link #thumbnail(String)} on the absolute page URL. */
    public String thumbnailUrl() {
        return thumbnail(pageUrl);
    }

    /** {@link #hls(String)} on the absolute page URL. */
    public Optional<String> hlsUrl() {
        return hls(pageUrl);
    }

    /** {@link #stream(String)} on the absolute page URL. */
    public String streamUrl() {
        return stream(pageUrl);
    }

    /** {@link #download(String)} on the absolute page URL. */
    public Optional<String> downloadUrl() {
        return download(pageUrl);
    }

    @Override
    public String toString() {
        return "Playback[version=" + version + ", signed=" + signed() + ", hls=" + hls + ", urls=redacted]";
    }
}
