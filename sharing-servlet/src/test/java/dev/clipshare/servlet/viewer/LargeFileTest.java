package dev.clipshare.servlet.viewer;

import static dev.clipshare.servlet.viewer.Http.get;
import static dev.clipshare.servlet.viewer.Http.head;
import static dev.clipshare.servlet.viewer.ViewerHost.pagePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.spi.MediaKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A 5 GiB clip (a sparse file written straight into the media store's folder): 64-bit lengths
 * and offsets end to end, and all of it streamed without the heap growing with it.
 */
class LargeFileTest {
    private static final long SIZE = 5L << 30;
    private static final byte[] TAIL = "the last bytes of a five gibibyte clip, right at its very end".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAST_4_GIB = "past-4GiB".getBytes(StandardCharsets.US_ASCII);
    private static ViewerHost host;
    private static String clip;

    @BeforeAll
    static void start() {
        host = new ViewerHost();
        ShareDetails d = host.pendingShare(b -> b);
        host.completeExport(d.target(), job -> {
            Path file = host.media.pathOf(MediaKey.clip(job.export().target(), job.export().version()));
            try {
                Files.createDirectories(file.getParent());
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.setLength(SIZE); // sparse: no disk blocks for the holes
                    f.seek(SIZE - TAIL.length);
                    f.write(TAIL);
                    f.seek(1L << 32);
                    f.write(PAST_4_GIB);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        clip = host.url(pagePath(d) + "/clip.mp4");
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
    }

    @Test
    void lengthsAndOffsetsAre64Bit() {
        HttpResponse<byte[]> h = head(clip);
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(h.headers().firstValue("Content-Length")).hasValue("5368709120");
        assertThat(h.headers().firstValue("ETag")).hasValue("\"v1-5368709120\"");

        HttpResponse<byte[]> tail = get(clip, "Range", "bytes=" + (SIZE - TAIL.length) + "-");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.headers().firstValue("Content-Range")).hasValue("bytes " + (SIZE - TAIL.length) + "-5368709119/5368709120");
        assertThat(tail.body()).isEqualTo(TAIL);

        HttpResponse<byte[]> suffix = get(clip, "Range", "bytes=-" + TAIL.length);
        assertThat(suffix.body()).isEqualTo(TAIL);

        HttpResponse<byte[]> across = get(clip, "Range", "bytes=" + ((1L << 32) - 1) + "-" + ((1L << 32) + PAST_4_GIB.length - 1));
        assertThat(across.statusCode()).isEqualTo(206);
        assertThat(across.body()[0]).isZero();
        assertThat(new String(across.body(), 1, PAST_4_GIB.length, StandardCharsets.US_ASCII)).isEqualTo("past-4GiB");

        assertThat(get(clip, "Range", "bytes=5368709120-").statusCode()).isEqualTo(416);
    }

    @Test
    void theWholeFiveGibibytesStreamInConstantMemory() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(2); // sampling period of the probe, not waiting for the system under test
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();

        long first = 0;
        long counted;
        byte[] last = new byte[TAIL.length];
        // a raw socket into a fixed buffer: the client side allocates nothing per byte
        try (Socket s = new Socket("127.0.0.1", host.port)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + clip.substring(host.origin.length()) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=" + first
                    + "-\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 206").contains("Content-Range: bytes " + first + "-" + (SIZE - 1) + "/" + SIZE)
                    .contains("Content-Length: " + SIZE);
            byte[] buf = new byte[256 * 1024];
            counted = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                int keep = Math.min(n, TAIL.length);
                System.arraycopy(last, keep, last, 0, TAIL.length - keep);
                System.arraycopy(buf, n - keep, last, TAIL.length - keep, keep);
                counted += n;
            }
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        assertThat(counted).isEqualTo(SIZE);
        assertThat(last).isEqualTo(TAIL);
        long growth = peak.get() - baseline;
        assertThat(growth).as("heap growth while streaming 5 GiB").isLessThan(256L << 20);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return sb.toString();
    }
}
