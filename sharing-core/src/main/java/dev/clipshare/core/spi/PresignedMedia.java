package dev.clipshare.core.spi;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * A media store that can hand out a short-lived URL from which a browser fetches an artifact
 * straight from the object store, so the application's nodes do not stream the bytes themselves
 * (a "redirect mode": the media request is checked as usual, then answered with a redirect).
 *
 * <p><b>Revocation window.</b> A presigned URL is a bearer credential checked only by the
 * object store: it keeps working until it expires, even after the share is revoked, deleted or
 * its password changed, and whoever holds it (a proxy log, a browser history) can use it
 * meanwhile. Streaming through the application re-checks the share on every request; a redirect
 * re-checks it only when the URL is handed out. The lifetime is therefore capped at
 * {@link #MAX_TTL}, and a caller should ask for the shortest that works (a player re-requests
 * the application URL, which mints a fresh presigned one).
 *
 * <pre>{@code
 * if (media instanceof PresignedMedia presigned) {
 *     Optional<URI> url = presigned.presignedGet(MediaKey.clip(target, 4), Duration.ofMinutes(2),
 *             "attachment; filename*=UTF-8''goal.mp4");
 *     url.ifPresent(u -> response.sendRedirect(u.toString()));   // 302; otherwise stream as usual
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe. Signing is a local computation: no request is made and
 * the artifact's existence is not checked (a URL for a missing key answers 404 from the store).
 */
public interface PresignedMedia {

    /** The longest lifetime a presigned URL gets: 15 minutes. */
    Duration MAX_TTL = Duration.ofMinutes(15);

    /**
     * A URL that answers GET with the artifact's bytes (and ranges of them) until {@code ttl}
     * has passed.
     *
     * @param key                the artifact
     * @param ttl                how long the URL works: positive; longer than {@link #MAX_TTL}
     *                           is shortened to it
     * @param contentDisposition the {@code Content-Disposition} the store should answer with
     *                           (built per RFC 6266 by the caller), or {@code null} for none
     * @return the URL, or empty when this store is not configured to presign
     * @throws IllegalArgumentException when {@code ttl} is not positive or the disposition holds
     *                                  a control character (it would split a header)
     */
    Optional<URI> presignedGet(MediaKey key, Duration ttl, String contentDisposition);
}
