package dev.clipshare.servlet.internal.viewer;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A response that counts the body bytes written through its output stream, for
 * {@code ViewerObserver}. Used only when an observer is set, so the default path stays unwrapped.
 * One request's thread writes it; the counter is atomic only for a container's async writes.
 */
public final class CountingResponse extends HttpServletResponseWrapper {
    private final AtomicLong bytes = new AtomicLong();
    private ServletOutputStream out;

    public CountingResponse(HttpServletResponse response) {
        super(response);
    }

    /** The body bytes written so far. */
    public long bytesWritten() {
        return bytes.get();
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (out == null) {
            ServletOutputStream delegate = super.getOutputStream();
            out = new ServletOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    delegate.write(b);
                    bytes.incrementAndGet();
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    delegate.write(b, off, len);
                    bytes.addAndGet(len);
                }

                @Override
                public void flush() throws IOException {
                    delegate.flush();
                }

                @Override
                public void close() throws IOException {
                    delegate.close();
                }

                @Override
                public boolean isReady() {
                    return delegate.isReady();
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    delegate.setWriteListener(listener);
                }
            };
        }
        return out;
    }
}
