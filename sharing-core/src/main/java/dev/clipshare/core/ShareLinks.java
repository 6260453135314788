package dev.clipshare.core;

import java.net.URI;
import java.util.Objects;

/**
 * Builds the absolute URLs of a share from the configured public base URL and path prefix
 * (never from request headers, so a spoofed {@code Host} cannot redirect a link card).
 *
 * <pre>{@code
 * ShareLinks links = sharing.links();
 * links.page(token);        // https://video.example.com/s/<token>
 * links.clip(token);        // https://video.example.com/s/<token>/clip.mp4
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class ShareLinks {
    /** Query parameter carrying a signature. */
    public static final String SIGNATURE_PARAM = "sig";

    private final String base;
    private final String prefix;

    public ShareLinks(URI publicBaseUrl, String prefix) {
        String b = Objects.requireNonNull(publicBaseUrl, "publicBaseUrl").toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    /**
     * Checks a public base URL: absolute http(s), no user info, query or fragment; returned
     * without a trailing slash.
     */
    public static URI checkBaseUrl(URI url) {
        Objects.requireNonNull(url, "publicBaseUrl");
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null) {
            throw new IllegalArgumentException("publicBaseUrl must be an absolute http(s) URL, was " + url);
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("publicBaseUrl must not have user info, a query or a fragment, was " + url);
        }
        String s = url.toString();
        return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    /** The public base URL without a trailing slash, e.g. {@code https://video.example.com}. */
    public String baseUrl() {
        return base;
    }

    /** The path prefix, e.g. {@code /s}. */
    public String prefix() {
        return prefix;
    }

    public String page(ShareToken token) {
        return base + prefix + "/" + token.value();
    }

    /** The bare player for iframes. */
    public String embed(ShareToken token) {
        return page(token) + "?layout=minimal";
    }

    public String clip(ShareToken token) {
        return page(token) + "/clip.mp4";
    }

    public String thumbnail(ShareToken token) {
        return page(token) + "/thumbnail.jpg";
    }

    public String hlsPlaylist(ShareToken token) {
        return page(token) + "/hls/index.m3u8";
    }

    public String download(ShareToken token) {
        return page(token) + "/download";
    }

    public String oembed() {
        return base + prefix + "/oembed";
    }

    /** {@code url} with a {@value #SIGNATURE_PARAM} parameter added (signatures are URL-safe). */
    public static String withSignature(String url, String signature) {
        return url + (url.indexOf('?') < 0 ? '?' : '&') + SIGNATURE_PARAM + "=" + signature;
    }
}
