package dev.clipshare.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * One part of a file, for an upload request body. Each {@link #newStream()} opens the file
 * afresh at the part's offset, so the SDK can read the part twice (signing, then sending) and
 * retry it without the part being held in memory.
 */
final class FilePart implements ContentStreamProvider {
    private final Path file;
    private final long offset;
    private final long length;

    FilePart(Path file, long offset, long length) {
        this.file = file;
        this.offset = offset;
        this.length = length;
    }

    long length() {
        return length;
    }

    @Override
    public InputStream newStream() {
        try {
            return new PartStream(FileChannel.open(file, StandardOpenOption.READ), offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read part at " + offset + " of the file to publish", e);
        }
    }

    @Override
    public String name() {
        return "FilePart";
    }

    /** Positional reads of at most {@code remaining} bytes; closing closes the channel. */
    private static final class PartStream extends InputStream {
        private final FileChannel channel;
        private long position;
        private long remaining;

        PartStream(FileChannel channel, long position, long remaining) {
            this.channel = channel;
            this.position = position;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (remaining == 0) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)), position);
            if (n < 0) {
                throw new IOException("the file to publish shrank while uploading (" + remaining + " bytes missing)");
            }
            position += n;
            remaining -= n;
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, remaining);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
