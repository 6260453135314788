package dev.clipshare.jdbc.internal;

import dev.clipshare.core.ShareId;
import dev.clipshare.core.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A node-local, append-only log of views that makes write-behind counting crash-safe.
 *
 * <p>{@link #write} writes one line ({@code <share id> <count>}) to the current segment;
 * {@link #awaitDurable} returns once it is on disk. Forcing is a group commit: the first caller to reach the
 * force covers every line written before it, so concurrent views share one {@code fsync}.
 * {@link #rotate} closes the current segment (forced) and starts the next; the segments it returns
 * hold exactly the views handed to the database by the flush that rotated, and are
 * {@linkplain #delete deleted} once that flush committed. At start, {@link #recover} reads the
 * segments a previous process left (it died before their flush committed).
 *
 * <p>Delivery is at least once: a crash between a flush's commit and the deletion of its segments
 * (a few file deletions) counts those views again at the next start; a view that was answered is
 * never lost. A directory belongs to one store of one process at a time (a node-local folder,
 * kept across restarts); two stores appending to one directory would replay each other's views.
 */
public final class ViewLog implements AutoCloseable {
    private static final String PREFIX = "views-";
    private static final String SUFFIX = ".log";

    private final Path dir;
    private final Object writeLock = new Object();
    private final Object forceLock = new Object();
    private FileChannel current;
    private long currentSeq;
    private long written;           // lines written, guarded by writeLock
    private long writtenAtRotation; // guarded by writeLock
    private volatile long forced;   // lines known to be on disk

    /** Opens (creating) the log in {@code dir}; a new segment is started after those already there. */
    public ViewLog(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.dir);
            currentSeq = segments().stream().mapToLong(ViewLog::seqOf).max().orElse(0) + 1;
            current = open(currentSeq);
        } catch (IOException e) {
            throw new StorageException("cannot open the view log in " + this.dir, e);
        }
    }

    /** The directory of this log. */
    public Path directory() {
        return dir;
    }

    /** The views of the segments other than the current one (left by a previous process), summed per share. */
    public Map<ShareId, Long> recover(List<Path> into) {
        Map<ShareId, Long> sums = new HashMap<>();
        for (Path segment : segments()) {
            if (seqOf(segment) == currentSeq) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(segment, StandardCharsets.UTF_8)) {
                    int space = line.indexOf(' ');
                    if (space <= 0) {
                        continue; // a line torn by the crash was never answered
                    }
                    try {
                        sums.merge(new ShareId(line.substring(0, space)), Long.parseLong(line.substring(space + 1)), Long::sum);
                    } catch (RuntimeException torn) {
                        // the tail of a line written when the process died: never acknowledged
                    }
                }
            } catch (IOException e) {
                throw new StorageException("cannot read the view log segment " + segment, e);
            }
            into.add(segment);
        }
        return sums;
    }

    /**
     * Writes a view record (not yet forced).
     *
     * @return the ticket to pass to {@link #awaitDurable}
     */
    public long write(ShareId id, long count) {
        byte[] line = (id.value() + ' ' + count + '\n').getBytes(StandardCharsets.UTF_8);
        synchronized (writeLock) {
            try {
                ByteBuffer b = ByteBuffer.wrap(line);
                while (b.hasRemaining()) {
                    current.write(b);
                }
            } catch (IOException e) {
                throw new StorageException("cannot append to the view log " + dir, e);
            }
            return ++written;
        }
    }

    /** Returns once the record of {@code ticket} is on disk, forcing the log if no one else did. */
    public void awaitDurable(long ticket) {
        if (forced >= ticket) {
            return;
        }
        synchronized (forceLock) {
            if (forced >= ticket) {
                return; // another caller's force (or a rotation) covered this record
            }
            long upTo;
            FileChannel ch;
            synchronized (writeLock) {
                upTo = written;
                ch = current;
            }
            try {
                ch.force(false);
            } catch (IOException e) {
                throw new StorageException("cannot force the view log " + dir, e);
            }
            forced = Math.max(forced, upTo);
        }
    }

    /** Whether records were written since the last rotation. */
    public boolean hasUnrotatedRecords() {
        synchronized (writeLock) {
            return written > writtenAtRotation;
        }
    }

    /**
     * Closes the current segment (forced) and starts the next. The caller must make sure no
     * {@link #write} is between its write and its in-memory sum while rotating.
     *
     * @return the segment just closed
     */
    public Path rotate() {
        synchronized (forceLock) {
            synchronized (writeLock) {
                Path closed = segment(currentSeq);
                try {
                    current.force(false);
                    current.close();
                    forced = written;
                    writtenAtRotation = written;
                    current = open(++currentSeq);
                } catch (IOException e) {
                    throw new StorageException("cannot rotate the view log " + dir, e);
                }
                return closed;
            }
        }
    }

    /** Deletes segments whose views are in the database. */
    public void delete(List<Path> segments) {
        for (Path p : segments) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new StorageException("cannot delete the view log segment " + p, e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (forceLock) {
            synchronized (writeLock) {
                try {
                    current.force(false);
                    current.close();
                } catch (IOException e) {
                    throw new StorageException("cannot close the view log " + dir, e);
                }
            }
        }
    }

    private FileChannel open(long seq) throws IOException {
        FileChannel ch = FileChannel.open(segment(seq), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the new file's name is durable too
        } catch (IOException e) {
            // directories cannot be opened for forcing everywhere; Linux can
        }
        return ch;
    }

    private Path segment(long seq) {
        return dir.resolve(PREFIX + String.format("%019d", seq) + SUFFIX);
    }

    private List<Path> segments() {
        try (Stream<Path> list = Files.list(dir)) {
            return new ArrayList<>(list.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(PREFIX) && n.endsWith(SUFFIX);
            }).sorted().toList());
        } catch (IOException e) {
            throw new StorageException("cannot list the view log " + dir, e);
        }
    }

    private static long seqOf(Path p) {
        String n = p.getFileName().toString();
        return Long.parseLong(n.substring(PREFIX.length(), n.length() - SUFFIX.length()));
    }
}
