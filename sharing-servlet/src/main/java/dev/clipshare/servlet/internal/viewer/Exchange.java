package dev.clipshare.servlet.internal.viewer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** One request with the pieces every answer needs. */
record Exchange(HttpServletRequest req, HttpServletResponse res, String ctx, String prefixPath, String token) {
    boolean head() {
        return "HEAD".equals(req.getMethod());
    }

    boolean getOrHead() {
        String m = req.getMethod();
        return "GET".equals(m) || "HEAD".equals(m);
    }

    String pagePath() {
        return prefixPath + "/" + token;
    }

    String userAgent() {
        return req.getHeader("User-Agent");
    }

    Query query() {
        return Query.parse(req.getQueryString());
    }
}
