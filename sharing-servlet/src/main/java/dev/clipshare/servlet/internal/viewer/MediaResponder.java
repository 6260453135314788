package dev.clipshare.servlet.internal.viewer;

import dev.clipshare.core.ServedMedia;
import dev.clipshare.core.spi.MediaObject;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers a GET or HEAD for one stored artifact with the whole of RFC 9110's conditional and
 * range machinery: {@code ETag} (strong, from the store) and {@code Last-Modified},
 * {@code If-Match}/{@code If-Unmodified-Since} (412), {@code If-None-Match}/{@code If-Modified-Since}
 * (304), {@code Range} with {@code If-Range} (strong ETag or exact date), single ranges, several
 * ranges as {@code multipart/byteranges}, and 416 with {@code Content-Range: bytes *}{@code /len}.
 *
 * <p>Bytes are streamed from {@link ServedMedia#open} through one 64 KiB buffer, so memory use
 * does not depend on the artifact's or the range's size; every length is a {@code long}.
 * Stateless and thread-safe.
 */
public final class MediaResponder {
    private static final int BUFFER = 64 * 1024;

    private MediaResponder() { }

    /** How to describe the representation beyond what the store knows. */
    public record Headers(String cacheControl, String contentDisposition) { }

    /** Serves one artifact a ready share may read to the request. */
    public static void serve(HttpServletRequest req, HttpServletResponse res, ServedMedia media, Headers headers)
            throws IOException {
        MediaObject object = media.object();
        boolean head = "HEAD".equals(req.getMethod());
        long size = object.size();
        String etag = object.etag();
        Instant modified = object.lastModified().truncatedTo(ChronoUnit.SECONDS);

        res.setHeader("ETag", etag);
        res.setHeader("Last-Modified", httpDate(modified));
        res.setHeader("Accept-Ranges", "bytes");
        res.setHeader("Cache-Control", headers.cacheControl());
        if (headers.contentDisposition() != null) {
            res.setHeader("Content-Disposition", headers.contentDisposition());
        }

        // RFC 9110 13.2.2: the order in which preconditions are evaluated
        String ifMatch = joined(req, "If-Match");
        if (ifMatch != null) {
            if (!matches(ifMatch, etag, true)) {
                empty(res, HttpServletResponse.SC_PRECONDITION_FAILED);
                return;
            }
        } else {
            Instant ius = parseDate(req.getHeader("If-Unmodified-Since"));
            if (ius != null && modified.isAfter(ius)) {
                empty(res, HttpServletResponse.SC_PRECONDITION_FAILED);
                return;
            }
        }
        String ifNoneMatch = joined(req, "If-None-Match");
        if (ifNoneMatch != null) {
            if (matches(ifNoneMatch, etag, false)) {
                empty(res, HttpServletResponse.SC_NOT_MODIFIED);
                return;
            }
        } else {
            Instant ims = parseDate(req.getHeader("If-Modified-Since"));
            if (ims != null && !modified.isAfter(ims)) {
                empty(res, HttpServletResponse.SC_NOT_MODIFIED);
                return;
            }
        }

        String range = head ? null : joined(req, "Range"); // range handling is defined for GET only
        if (range != null && !ifRangeHolds(req.getHeader("If-Range"), etag, modified)) {
            range = null;
        }
        ByteRanges.Decision decision = ByteRanges.decide(range, size);
        String type = object.contentType();
        if (decision instanceof ByteRanges.Unsatisfiable) {
            res.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
            res.setHeader("Content-Range", "bytes */" + size);
            res.setHeader("Cache-Control", "no-store");
            res.setHeader("Content-Disposition", null);
            res.setContentType("text/plain;charset=utf-8");
            byte[] body = "Requested range not satisfiable\n".getBytes(StandardCharsets.UTF_8);
            res.setContentLength(body.length);
            res.getOutputStream().write(body);
            return;
        }
        if (decision instanceof ByteRanges.Partial p) {
            List<ByteRanges.Range> ranges = p.ranges();
            if (ranges.size() > 1) {
                Multipart mp = Multipart.of(ranges, size, type);
                if (mp.length() <= size) {
                    res.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
                    res.setContentType("multipart/byteranges; boundary=" + mp.boundary());
                    res.setContentLengthLong(mp.length());
                    mp.write(res.getOutputStream(), media);
                    return;
                }
                // the part headers would make the body larger than the file: send one covering range
                ranges = List.of(new ByteRanges.Range(ranges.get(0).first(), ranges.get(ranges.size() - 1).last()));
            }
            ByteRanges.Range r = ranges.get(0);
            try (InputStream in = media.open(r.first(), r.length())) {
                res.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
                res.setHeader("Content-Range", r.contentRange(size));
                res.setContentType(type);
                res.setContentLengthLong(r.length());
                copy(in, res.getOutputStream(), r.length());
            }
            return;
        }
        res.setStatus(HttpServletResponse.SC_OK);
        res.setContentType(type);
        res.setContentLengthLong(size);
        if (head || size == 0) {
            return;
        }
        try (InputStream in = media.open(0, size)) {
            copy(in, res.getOutputStream(), size);
        }
    }

    /** {@code multipart/byteranges} with precomputed part headers, so the length is known up front. */
    private record Multipart(String boundary, List<ByteRanges.Range> ranges, List<byte[]> heads, byte[] tail, long length) {
        static Multipart of(List<ByteRanges.Range> ranges, long size, String type) {
            String boundary = "clipshare-" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + Long.toHexString(ThreadLocalRandom.current().nextLong());
            List<byte[]> heads = new ArrayList<>(ranges.size());
            long length = 0;
            for (ByteRanges.Range r : ranges) {
                byte[] h = ("\r\n--" + boundary + "\r\nContent-Type: " + type + "\r\nContent-Range: "
                        + r.contentRange(size) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                heads.add(h);
                length += h.length + r.length();
            }
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            return new Multipart(boundary, ranges, heads, tail, length + tail.length);
        }

        void write(ServletOutputStream out, ServedMedia media) throws IOException {
            for (int i = 0; i < ranges.size(); i++) {
                ByteRanges.Range r = ranges.get(i);
                out.write(heads.get(i));
                try (InputStream in = media.open(r.first(), r.length())) {
                    copy(in, out, r.length());
                }
            }
            out.write(tail);
        }
    }

    private static void copy(InputStream in, ServletOutputStream out, long length) throws IOException {
        byte[] buf = new byte[(int) Math.min(BUFFER, Math.max(1, length))];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("media ended " + left + " bytes early");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static void empty(HttpServletResponse res, int status) throws IOException {
        res.setStatus(status);
        if (status == HttpServletResponse.SC_PRECONDITION_FAILED) {
            res.setHeader("Cache-Control", "no-store");
        }
        res.setHeader("Content-Disposition", null);
        if (status == HttpServletResponse.SC_NOT_MODIFIED) {
            // a 304 carries no Content-Length (RFC 9110 §8.6: it would describe the omitted body);
            // committed now, before a container that sees an empty body adds "Content-Length: 0"
            notModified(res);
        } else {
            res.setContentLength(0);
        }
    }

    /** Sends a 304 as it is: headers only, without the {@code Content-Length: 0} containers add to an empty answer. */
    static void notModified(HttpServletResponse res) throws IOException {
        res.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
        res.setContentType(null);
        res.flushBuffer();
    }

    private static boolean ifRangeHolds(String ifRange, String etag, Instant modified) {
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.strip();
        if (v.startsWith("\"") || v.startsWith("W/")) {
            return v.equals(etag); // strong comparison; a weak validator never matches
        }
        Instant date = parseDate(v);
        return date != null && date.equals(modified);
    }

    /**
     * Whether a list of entity tags (or {@code *}) matches {@code etag}: strong comparison for
     * If-Match, weak comparison for If-None-Match.
     */
    static boolean matches(String list, String etag, boolean strong) {
        String s = list.strip();
        if (s.equals("*")) {
            return true;
        }
        String opaque = etag.substring(etag.indexOf('"'));
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            boolean weak = false;
            if (s.startsWith("W/", i)) {
                weak = true;
                i += 2;
            }
            if (i >= n || s.charAt(i) != '"') {
                return false; // malformed list: no match
            }
            int close = s.indexOf('"', i + 1);
            if (close < 0) {
                return false;
            }
            String tag = s.substring(i, close + 1);
            if (tag.equals(opaque) && !(strong && weak)) {
                return true;
            }
            i = close + 1;
        }
        return false;
    }

    private static String joined(HttpServletRequest req, String name) {
        Enumeration<String> values = req.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return first;
        }
        StringBuilder sb = new StringBuilder(first);
        while (values.hasMoreElements()) {
            sb.append(',').append(values.nextElement());
            if (sb.length() > 8192) {
                break;
            }
        }
        return sb.toString();
    }

    /** An IMF-fixdate (RFC 9110 5.6.7), as servers send it. */
    public static String httpDate(Instant instant) {
        return IMF_FIXDATE.format(ZonedDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.ENGLISH);

    static Instant parseDate(String value) {
        if (value == null || value.length() > 64) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
