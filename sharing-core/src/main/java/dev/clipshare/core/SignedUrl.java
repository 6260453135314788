package dev.clipshare.core;

import java.time.Instant;
import java.util.Objects;

/**
 * An expiring, HMAC-signed URL for a share's stream or download.
 *
 * @param url       the absolute URL, signature included
 * @param expiresAt when it stops working
 */
public record SignedUrl(String url, Instant expiresAt) {
    public SignedUrl {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        int q = url.indexOf('?');
        return "SignedUrl[" + (q < 0 ? url : url.substring(0, q) + "?…") + ", expiresAt=" + expiresAt + "]";
    }
}
