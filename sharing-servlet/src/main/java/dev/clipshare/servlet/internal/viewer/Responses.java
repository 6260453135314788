package dev.clipshare.servlet.internal.viewer;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** How the viewer's answers are written: the headers every answer carries, pages, plain text, redirects. */
final class Responses {
    private static final String HTML = "text/html;charset=utf-8";
    private static final byte[] UNAVAILABLE = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<title>Temporarily unavailable</title></head><body><h1>Temporarily unavailable</h1>"
            + "<p>Please try again in a moment.</p></body></html>\n").getBytes(StandardCharsets.UTF_8);
    private static final byte[] MEDIA_NOT_FOUND = "Not found\n".getBytes(StandardCharsets.UTF_8);

    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "media-src 'self' blob:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors ";

    /** The policies of embeddable and other pages, written once. */
    private final String embeddableCsp;
    private final String pageCsp = CSP + "'none'";

    /** @param embedAncestors the CSP {@code frame-ancestors} of embeddable pages */
    Responses(String embedAncestors) {
        this.embeddableCsp = CSP + embedAncestors;
    }


    /** Headers on every answer. */
    static void commonHeaders(HttpServletResponse res) {
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("Referrer-Policy", "no-referrer");
        res.setHeader("X-Robots-Tag", "noindex, nofollow");
    }

    static void mediaHeaders(Exchange x) {
        commonHeaders(x.res());
    }

    void pageHeaders(HttpServletResponse res, boolean embeddable) {
        commonHeaders(res);
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("Content-Security-Policy", embeddable ? embeddableCsp : pageCsp);
        if (!embeddable) {
            res.setHeader("X-Frame-Options", "DENY");
        }
    }

    void sendPage(Exchange x, int status, byte[] body, boolean embeddable) throws IOException {
        HttpServletResponse res = x.res();
        pageHeaders(res, embeddable);
        res.setStatus(status);
        res.setContentType(HTML);
        res.setContentLength(body.length);
        if (!x.head()) {
            res.getOutputStream().write(body);
        }
    }

    void plain(Exchange x, int status, String text) throws IOException {
        HttpServletResponse res = x.res();
        pageHeaders(res, false);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        res.setStatus(status);
        res.setContentType("text/plain;charset=utf-8");
        res.setContentLength(body.length);
        if (!x.head()) {
            res.getOutputStream().write(body);
        }
    }

    void mediaNotFound(Exchange x) throws IOException {
        HttpServletResponse res = x.res();
        pageHeaders(res, false);
        res.setStatus(404);
        res.setContentType("text/plain;charset=utf-8");
        res.setContentLength(MEDIA_NOT_FOUND.length);
        if (!x.head()) {
            res.getOutputStream().write(MEDIA_NOT_FOUND);
        }
    }

    void methodNotAllowed(Exchange x, String allow) throws IOException {
        x.res().setHeader("Allow", allow);
        plain(x, 405, "Method not allowed\n");
    }

    void redirect(Exchange x, String location) {
        HttpServletResponse res = x.res();
        commonHeaders(res);
        res.setHeader("Cache-Control", "no-store");
        res.setStatus(303);
        res.setHeader("Location", location);
        res.setContentLength(0);
    }

    void unavailable(Exchange x) throws IOException {
        HttpServletResponse res = x.res();
        res.reset();
        pageHeaders(res, false);
        res.setStatus(503);
        res.setHeader("Retry-After", "5");
        res.setContentType(HTML);
        res.setContentLength(UNAVAILABLE.length);
        if (!x.head()) {
            res.getOutputStream().write(UNAVAILABLE);
        }
    }

    /** A 302 to {@code location} (a presigned URL of the media store), never cached. */
    void found(Exchange x, String location) {
        HttpServletResponse res = x.res();
        commonHeaders(res);
        res.setHeader("Cache-Control", "private, no-store");
        res.setStatus(302);
        res.setHeader("Location", location);
        res.setContentLength(0);
    }
}
