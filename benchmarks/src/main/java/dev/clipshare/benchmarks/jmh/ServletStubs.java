package dev.clipshare.benchmarks.jmh;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The least a servlet container does for the filter, so a benchmark measures Clipshare and not
 * a container: a request of fixed method, path, query and headers, and a response that keeps
 * status and headers and counts the body's bytes. Every method the filter is not expected to
 * call goes to a stand-in that throws, so a new call shows up as a failed benchmark rather than
 * as a silent {@code null}.
 */
final class ServletStubs {
    private ServletStubs() { }

    private static <T> T unsupported(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(ServletStubs.class.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            throw new UnsupportedOperationException("the benchmark stub does not implement " + type.getSimpleName() + "." + method.getName());
        }));
    }

    /** A GET or HEAD request in the root context, with no cookies unless given. */
    static final class Request extends HttpServletRequestWrapper {
        private final String method;
        private final String uri;
        private final String query;
        private final Map<String, String> headers = new HashMap<>();
        private Cookie[] cookies;

        Request(String method, String uri, String query) {
            super(unsupported(HttpServletRequest.class));
            this.method = method;
            this.uri = uri;
            this.query = query;
            header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36");
        }

        Request header(String name, String value) {
            headers.put(name.toLowerCase(Locale.ROOT), value);
            return this;
        }

        Request cookie(String name, String value) {
            cookies = new Cookie[] {new Cookie(name, value)};
            return this;
        }

        @Override public String getMethod() { return method; }
        @Override public String getRequestURI() { return uri; }
        @Override public String getContextPath() { return ""; }
        @Override public String getServletPath() { return uri; }
        @Override public String getPathInfo() { return null; }
        @Override public String getQueryString() { return query; }
        @Override public String getHeader(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }

        @Override
        public Enumeration<String> getHeaders(String name) {
            String v = getHeader(name);
            return v == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(v));
        }

        @Override public Cookie[] getCookies() { return cookies; }
        @Override public java.security.Principal getUserPrincipal() { return null; }
        @Override public String getRemoteAddr() { return "127.0.0.1"; }
        @Override public Object getAttribute(String name) { return null; }
    }

    /** Keeps status and headers, counts the body. Use one per request. */
    static final class Response extends HttpServletResponseWrapper {
        private final Map<String, String> headers = new HashMap<>();
        private int status = 200;
        private long contentLength = -1;
        private String contentType;
        private long written;
        private final ByteArrayOutputStream body;
        private final ServletOutputStream out = new ServletOutputStream() {
            @Override public boolean isReady() { return true; }
            @Override public void setWriteListener(WriteListener listener) { throw new UnsupportedOperationException(); }

            @Override
            public void write(int b) {
                written++;
                if (body != null) {
                    body.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                written += len;
                if (body != null) {
                    body.write(b, off, len);
                }
            }
        };

        /** A response that only counts the body. */
        Response() {
            this(false);
        }

        /** A response that keeps the body too, for checking what was answered. */
        Response(boolean keepBody) {
            super(unsupported(HttpServletResponse.class));
            body = keepBody ? new ByteArrayOutputStream() : null;
        }

        @Override public void setStatus(int sc) { status = sc; }
        @Override public int getStatus() { return status; }

        @Override
        public void setHeader(String name, String value) {
            if (value == null) {
                headers.remove(name);
            } else {
                headers.put(name, value);
            }
        }

        @Override public void addHeader(String name, String value) { headers.merge(name, value, (a, b) -> a + ", " + b); }
        @Override public String getHeader(String name) { return headers.get(name); }
        @Override public boolean containsHeader(String name) { return headers.containsKey(name); }
        @Override public void setContentType(String type) { contentType = type; }
        @Override public String getContentType() { return contentType; }
        @Override public void setContentLength(int len) { contentLength = len; }
        @Override public void setContentLengthLong(long len) { contentLength = len; }
        @Override public ServletOutputStream getOutputStream() { return out; }
        @Override public boolean isCommitted() { return written > 0; }
        @Override public void flushBuffer() { }

        @Override
        public void reset() {
            headers.clear();
            status = 200;
            contentLength = -1;
            contentType = null;
        }

        String body() {
            return body == null ? null : body.toString(StandardCharsets.UTF_8);
        }

        long written() {
            return written;
        }

        long contentLength() {
            return contentLength;
        }
    }
}
