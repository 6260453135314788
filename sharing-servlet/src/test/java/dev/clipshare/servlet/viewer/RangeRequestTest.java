package dev.clipshare.servlet.viewer;

import static dev.clipshare.servlet.viewer.Http.get;
import static dev.clipshare.servlet.viewer.Http.head;
import static dev.clipshare.servlet.viewer.ViewerHost.pagePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.spi.MediaKey;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 9110 ranges and conditionals on clip.mp4, the abusive cases, on a real Jetty. */
class RangeRequestTest {
    private static ViewerHost host;
    private static ShareDetails share;
    private static String clip;
    private static byte[] bytes;
    private static long len;

    @BeforeAll
    static void start() throws Exception {
        host = new ViewerHost();
        share = host.readyShare();
        clip = host.url(pagePath(share) + "/clip.mp4");
        bytes = Files.readAllBytes(TestMedia.get().clip);
        len = bytes.length;
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
    }

    private static byte[] slice(long first, long last) {
        return Arrays.copyOfRange(bytes, (int) first, (int) last + 1);
    }

    private static String etag() {
        return get(clip).headers().firstValue("ETag").orElseThrow();
    }

    private static void assertPartial(HttpResponse<byte[]> r, long first, long last) {
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes " + first + "-" + last + "/" + len);
        assertThat(r.headers().firstValue("Content-Length")).hasValue(Long.toString(last - first + 1));
        assertThat(r.body()).isEqualTo(slice(first, last));
    }

    private static void assertUnsatisfiable(HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).isEqualTo(416);
        assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes */" + len);
        assertThat((long) r.body().length).isLessThan(len);
    }

    @Test
    void withoutRangeTheWholeClipWithItsValidators() {
        HttpResponse<byte[]> r = get(clip);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(bytes);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(r.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(r.headers().firstValue("ETag")).hasValue("\"v1-" + len + "\"");
        assertThat(r.headers().firstValue("Last-Modified")).hasValueSatisfying(v -> assertThat(v).matches("\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"));
        assertThat(r.headers().firstValue("Content-Length")).hasValue(Long.toString(len));
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
    }

    @Test
    void singleSuffixAndOpenEndedRanges() {
        assertPartial(get(clip, "Range", "bytes=0-99"), 0, 99);
        assertPartial(get(clip, "Range", "bytes=-500"), len - 500, len - 1);
        assertPartial(get(clip, "Range", "bytes=1000-"), 1000, len - 1);
        assertPartial(get(clip, "Range", "bytes=100-99999999999"), 100, len - 1);
        assertPartial(get(clip, "Range", "bytes=" + (len - 1) + "-" + (len - 1)), len - 1, len - 1);
    }

    @Test
    void severalRangesComeAsMultipartByteranges() {
        HttpResponse<byte[]> r = get(clip, "Range", "bytes=0-9,1000-1009,2000-2099");
        assertThat(r.statusCode()).isEqualTo(206);
        String type = r.headers().firstValue("Content-Type").orElseThrow();
        assertThat(type).startsWith("multipart/byteranges; boundary=");
        assertThat(r.headers().firstValue("Content-Range")).isEmpty();
        assertThat(r.headers().firstValue("Content-Length")).hasValue(Integer.toString(r.body().length));
        String boundary = type.substring(type.indexOf("boundary=") + 9);
        List<long[]> parts = new ArrayList<>();
        String body = new String(r.body(), StandardCharsets.ISO_8859_1);
        Matcher m = Pattern.compile("--" + Pattern.quote(boundary) + "\r\nContent-Type: video/mp4\r\nContent-Range: bytes (\\d+)-(\\d+)/(\\d+)\r\n\r\n").matcher(body);
        while (m.find()) {
            long first = Long.parseLong(m.group(1));
            long last = Long.parseLong(m.group(2));
            assertThat(Long.parseLong(m.group(3))).isEqualTo(len);
            byte[] data = Arrays.copyOfRange(r.body(), m.end(), m.end() + (int) (last - first + 1));
            assertThat(data).isEqualTo(slice(first, last));
            parts.add(new long[] {first, last});
        }
        assertThat(parts).extracting(p -> p[0] + "-" + p[1]).containsExactly("0-9", "1000-1009", "2000-2099");
        assertThat(body).endsWith("\r\n--" + boundary + "--\r\n");
    }

    @Test
    void nearbyOverlappingOrDescendingRangesAreCoalescedIntoOne() {
        assertPartial(get(clip, "Range", "bytes=0-9,20-29"), 0, 29);
        assertPartial(get(clip, "Range", "bytes=0-100,50-150"), 0, 150);
        assertPartial(get(clip, "Range", "bytes=2000-2009,0-9"), 0, 2009);
        assertPartial(get(clip, "Range", "bytes=-100,0-0"), 0, len - 1);
    }

    @Test
    void abusiveRangeSetsAreRefused() {
        StringBuilder overlapping = new StringBuilder("bytes=");
        for (int i = 0; i < 300; i++) {
            overlapping.append(i == 0 ? "" : ",").append(i).append('-').append(len - 1);
        }
        assertUnsatisfiable(get(clip, "Range", overlapping.toString()));
        StringBuilder many = new StringBuilder("bytes=");
        for (int i = 0; i < 17; i++) {
            many.append(i == 0 ? "" : ",").append(i * 1000).append('-').append(i * 1000 + 1);
        }
        assertUnsatisfiable(get(clip, "Range", many.toString()));
        assertUnsatisfiable(get(clip, "Range", "bytes=2-1"));
        assertUnsatisfiable(get(clip, "Range", "bytes=99999999999999999999999999-"));
        assertUnsatisfiable(get(clip, "Range", "bytes=" + len + "-"));
        assertUnsatisfiable(get(clip, "Range", "bytes=-0"));
        assertUnsatisfiable(get(clip, "Range", "bytes=zero-ten"));
        assertPartial(get(clip, "Range", "bytes=0-99999999999999999999999999"), 0, len - 1);
        assertPartial(get(clip, "Range", "bytes=-99999999999999999999999999"), 0, len - 1);
    }

    @Test
    void unknownUnitsAreIgnored() {
        HttpResponse<byte[]> r = get(clip, "Range", "items=0-5");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(bytes);
    }

    @Test
    void ifRangeHonoursTheStrongEtagOrTheExactDateOnly() {
        String etag = etag();
        String lastModified = get(clip).headers().firstValue("Last-Modified").orElseThrow();
        assertPartial(get(clip, "Range", "bytes=0-9", "If-Range", etag), 0, 9);
        assertPartial(get(clip, "Range", "bytes=0-9", "If-Range", lastModified), 0, 9);
        for (String stale : List.of("\"v0-1\"", "W/" + etag, "Thu, 01 Jan 2015 00:00:00 GMT", "garbage")) {
            HttpResponse<byte[]> r = get(clip, "Range", "bytes=0-9", "If-Range", stale);
            assertThat(r.statusCode()).as(stale).isEqualTo(200);
            assertThat(r.body()).isEqualTo(bytes);
        }
    }

    @Test
    void conditionalRequestsAnswer304Or412() {
        String etag = etag();
        String lastModified = get(clip).headers().firstValue("Last-Modified").orElseThrow();
        HttpResponse<byte[]> notModified = get(clip, "If-None-Match", "\"other\", " + etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.headers().firstValue("ETag")).hasValue(etag);
        assertThat(get(clip, "If-None-Match", "W/" + etag).statusCode()).isEqualTo(304);
        assertThat(get(clip, "If-None-Match", "*").statusCode()).isEqualTo(304);
        assertThat(get(clip, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(get(clip, "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
        assertThat(get(clip, "If-Match", "\"other\"").statusCode()).isEqualTo(412);
        assertThat(get(clip, "If-Match", "W/" + etag).statusCode()).isEqualTo(412);
        assertPartial(get(clip, "If-Match", etag, "Range", "bytes=5-6"), 5, 6);
        assertThat(get(clip, "If-Unmodified-Since", "Thu, 01 Jan 2015 00:00:00 GMT").statusCode()).isEqualTo(412);
    }

    @Test
    void headAnswersTheHeadersOfGetWithoutABody() {
        HttpResponse<byte[]> r = head(clip);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("Content-Length")).hasValue(Long.toString(len));
        assertThat(r.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(r.headers().firstValue("ETag")).isPresent();
        HttpResponse<byte[]> ranged = head(clip, "Range", "bytes=0-9");
        assertThat(ranged.statusCode()).as("range handling is defined for GET only").isEqualTo(200);
    }

    @Test
    void partHeadersNeverMakeTheBodyLargerThanTheFile() throws Exception {
        ShareDetails tiny = host.pendingShare(b -> b);
        host.completeExport(tiny.target(), job -> {
            host.publishTestMedia(job.export().target(), job.export().version());
            try {
                Path small = Files.createTempFile("thumb", ".jpg");
                Files.write(small, Arrays.copyOf(bytes, 1500));
                host.media.publish(MediaKey.thumbnail(job.export().target(), job.export().version()), small);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        StringBuilder sparse = new StringBuilder("bytes=");
        for (int i = 0; i < 14; i++) {
            sparse.append(i == 0 ? "" : ",").append(i * 100).append('-').append(i * 100);
        }
        HttpResponse<byte[]> r = get(host.url(pagePath(tiny) + "/thumbnail.jpg"), "Range", sparse.toString());
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.body().length).isLessThanOrEqualTo(1500);
        assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 0-1300/1500");
    }

    @Test
    void everyRangeRequestRechecksTheShareSoARevokeStopsPlayback() {
        ShareDetails d = host.readyShare();
        String url = host.url(pagePath(d) + "/clip.mp4?v=1");
        assertThat(get(url, "Range", "bytes=0-65535").statusCode()).isEqualTo(206);
        host.sharing.revokeShare(TestPolicy.EDITOR, d.id());
        HttpResponse<byte[]> after = get(url, "Range", "bytes=65536-131071");
        assertThat(after.statusCode()).isEqualTo(404);
        assertThat(after.body().length).isLessThan(100);
    }
}
