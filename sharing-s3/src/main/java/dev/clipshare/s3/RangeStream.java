package dev.clipshare.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * The body of a ranged GET, handed to the caller. Counts what is left so that a stream cut
 * short by the server is an error rather than a silent short read, and aborts the connection
 * when the caller closes before the end (draining the rest of a large range would waste the
 * bandwidth the caller just gave up on).
 */
final class RangeStream extends FilterInputStream {
    private final ResponseInputStream<?> response;
    private long remaining;
    private boolean closed;

    RangeStream(ResponseInputStream<?> response, long length) {
        super(response);
        this.response = response;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int b = super.read();
        if (b < 0) {
            throw truncated();
        }
        remaining--;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining == 0) {
            return -1;
        }
        int n = super.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw truncated();
        }
        remaining -= n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, remaining));
        remaining -= skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(remaining, super.available());
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (remaining > 0) {
            response.abort();
        }
        super.close();
    }

    private IOException truncated() {
        return new IOException("the object store ended the range " + remaining + " bytes early");
    }
}
