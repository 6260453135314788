package dev.clipshare.core.media;

import dev.clipshare.core.StorageException;
import dev.clipshare.core.Target;
import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.core.spi.MediaObject;
import dev.clipshare.core.spi.MediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MediaStore} on a local (or shared network) file system:
 * {@code <root>/<sha256(target key)>/<version>/<name>}, for example
 * {@code /var/lib/clipshare/media/3f2a…/4/clip.mp4}.
 *
 * <pre>{@code
 * MediaStore media = new FileMediaStore(Path.of("/var/lib/clipshare/media"));
 * Sharing sharing = Sharing.builder().mediaStore(media) ... .build();
 * }</pre>
 *
 * <p><b>Publishing is atomic and durable:</b> the bytes are written to a temporary file beside
 * the final place, forced to disk, moved into place with an atomic rename, and the folder is
 * forced too. A reader sees the whole file or nothing; a crash leaves at worst a stray temporary
 * file (named {@code .tmp-*}, never served, removed by {@link #deleteVersion}).
 *
 * <p><b>Reads are ranged and streaming:</b> {@link #open} positions a file channel and streams
 * the range through a small buffer, so memory use does not depend on the file's size. Offsets are
 * 64-bit.
 *
 * <p><b>Validators:</b> the ETag is strong and derived from the export version and the size
 * ({@code "v4-2345678"}): bytes under a version never change, so the pair identifies them.
 *
 * <p>Thread-safe; several nodes may share one root on a network file system that supports atomic
 * rename.
 */
public final class FileMediaStore implements MediaStore {
    private static final Logger log = LoggerFactory.getLogger(FileMediaStore.class);
    private static final String TEMP_PREFIX = ".tmp-";

    private final Path root;

    /** A store rooted at {@code root}, which is created if missing. */
    public FileMediaStore(Path root) {
        Objects.requireNonNull(root, "root");
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new StorageException("cannot create media folder " + this.root, e);
        }
    }

    /** The root folder. */
    public Path root() {
        return root;
    }

    /** The folder holding every artifact of one export version. */
    public Path versionDirectory(Target target, long version) {
        return targetDirectory(target).resolve(Long.toString(version));
    }

    /** Where the artifact named by {@code key} lives (whether or not it exists). */
    public Path pathOf(MediaKey key) {
        // MediaKey names are checked to be relative, dot-segment-free paths of at most two parts
        Path p = versionDirectory(key.target(), key.version()).resolve(key.name()).normalize();
        if (!p.startsWith(root)) {
            throw new StorageException("media name escapes the media folder: " + key.name());
        }
        return p;
    }

    private Path targetDirectory(Target target) {
        return root.resolve(sha256(target.key()));
    }

    @Override
    public Optional<MediaObject> stat(MediaKey key) {
        Path path = pathOf(key);
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new MediaObject(a.size(), a.lastModifiedTime().toInstant(),
                    "\"v" + key.version() + "-" + a.size() + "\"", MediaObject.contentTypeOf(key.name())));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("cannot read " + path, e);
        }
    }

    @Override
    public InputStream open(MediaKey key, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new StorageException("invalid range " + offset + "+" + length);
        }
        Path path = pathOf(key);
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new StorageException("no media at " + key.name() + " of version " + key.version());
        } catch (IOException e) {
            throw new StorageException("cannot open " + path, e);
        }
        try {
            long size = channel.size();
            if (length > size - offset || offset > size) {
                channel.close();
                throw new StorageException("range " + offset + "+" + length + " lies outside " + size + " bytes of " + key.name());
            }
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StorageException("cannot read " + path, e);
        }
        return new RangeStream(channel, offset, length);
    }

    @Override
    public void publish(MediaKey key, Path file) {
        Objects.requireNonNull(file, "file");
        Path target = pathOf(key);
        Path dir = target.getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = dir.resolve(TEMP_PREFIX + UUID.randomUUID());
            // copy rather than move: the source may sit on another file system (a work folder in /tmp)
            Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new StorageException("the media folder " + root + " does not support atomic rename", e);
            }
            temp = null;
            forceDirectory(dir);
        } catch (IOException e) {
            throw new StorageException("cannot publish " + key.name() + " of version " + key.version(), e);
        } finally {
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    @Override
    public void deleteVersion(Target target, long version) {
        Path dir = versionDirectory(target, version);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
            for (Path p : paths) {
                try {
                    Files.deleteIfExists(p);
                } catch (DirectoryNotEmptyException e) {
                    // a concurrent publish added a file; it goes with the next deletion
                    log.debug("media folder {} not empty while deleting", p);
                }
            }
        } catch (NoSuchFileException e) {
            // deleted concurrently
        } catch (IOException e) {
            throw new StorageException("cannot delete version " + version + " of " + target, e);
        }
        try {
            Files.deleteIfExists(targetDirectory(target));
        } catch (DirectoryNotEmptyException e) {
            // other versions remain
        } catch (IOException e) {
            throw new StorageException("cannot delete " + targetDirectory(target), e);
        }
    }

    /** The versions of a target that have a folder in this store, ascending. */
    public List<Long> versions(Target target) {
        Path dir = targetDirectory(target);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString())
                    .filter(n -> n.chars().allMatch(Character::isDigit) && !n.isEmpty())
                    .map(Long::parseLong).sorted().toList();
        } catch (IOException e) {
            throw new StorageException("cannot list " + dir, e);
        }
    }

    private static void forceDirectory(Path dir) throws IOException {
        // on Linux a directory opened for reading can be forced; elsewhere this is best effort
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
                throw e;
            }
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("could not delete temporary file {}", p, e);
        }
    }

    private static void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /**
     * Streams {@code remaining} bytes of a channel from a position, through a 64 KiB buffer; reads
     * of a whole buffer or more go straight into the caller's array.
     */
    private static final class RangeStream extends InputStream {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        private long position;
        private long remaining;

        RangeStream(FileChannel channel, long offset, long length) {
            this.channel = channel;
            this.position = offset;
            this.remaining = length;
            buffer.limit(0);
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return buffer.get() & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (!buffer.hasRemaining() && len >= buffer.capacity() && remaining > 0) {
                // a caller reading whole buffers (the servlet's copy loop) gets the bytes straight
                // into its array: one copy less per byte served
                int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)), position);
                if (n < 0) {
                    throw new IOException("file shrank while reading (" + remaining + " bytes missing)");
                }
                position += n;
                remaining -= n;
                return n;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            return n;
        }

        private boolean fill() throws IOException {
            if (buffer.hasRemaining()) {
                return true;
            }
            if (remaining == 0) {
                return false;
            }
            buffer.clear();
            if (remaining < buffer.capacity()) {
                buffer.limit((int) remaining);
            }
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("file shrank while reading (" + remaining + " bytes missing)");
            }
            position += n;
            remaining -= n;
            buffer.flip();
            return true;
        }

        @Override
        public long skip(long n) throws IOException {
            if (n <= 0) {
                return 0;
            }
            long fromBuffer = Math.min(n, buffer.remaining());
            buffer.position(buffer.position() + (int) fromBuffer);
            long fromFile = Math.min(n - fromBuffer, remaining);
            position += fromFile;
            remaining -= fromFile;
            return fromBuffer + fromFile;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, buffer.remaining() + remaining);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
