package dev.clipshare.servlet;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Hears how {@link ShareFilter} answered each viewer request (everything under the share
 * prefix: pages, media, HLS, thumbnails, downloads, oEmbed, assets), for metrics such as media
 * bytes served or 429 and 503 answers. Set it with {@link ShareFilter.Builder#viewerObserver}.
 *
 * <pre>{@code
 * ShareFilter filter = ShareFilter.builder(sharing, policy)
 *         .viewerObserver((request, status, bytes) -> {
 *             if (status == 429) rateLimited.increment();
 *             if (request.getRequestURI().endsWith("/clip.mp4")) mediaBytes.add(bytes);
 *         })
 *         .build();
 * }</pre>
 *
 * <p>Called once per viewer request, on the request's thread, after the filter wrote its answer
 * (also when writing it failed, for example because the client went away). The management API's
 * requests are not reported. Called concurrently from many threads: implementations must be
 * thread-safe and quick; an exception they throw is swallowed so that it cannot change the
 * answer. With {@link #NONE} (the default) the filter does not wrap the response at all.
 */
@FunctionalInterface
public interface ViewerObserver {
    /** Hears nothing; the default. */
    ViewerObserver NONE = (request, status, bodyBytes) -> { };

    /**
     * One viewer request was answered.
     *
     * @param request   the request as the filter received it
     * @param status    the response's status code
     * @param bodyBytes the body bytes written through the response's output stream (0 for HEAD,
     *                  304 and redirects; the bytes actually sent when the client went away)
     */
    void onResponse(HttpServletRequest request, int status, long bodyBytes);
}
