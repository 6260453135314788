package dev.clipshare.core.export;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's work folders: one per running job, deleted afterwards. What a killed process left
 * is deleted when a runner starts: every folder, whatever its age, when nobody else uses the work
 * directory, i.e. no other started runner of this process and no other live process (a process
 * holds an exclusive lock on the file {@code <directory>.lock} beside it while a runner of it uses
 * the directory); only folders older than a day otherwise, since the other runner's jobs may be
 * running in them.
 */
final class WorkFolders {
    private static final Logger log = LoggerFactory.getLogger(ExportRunner.class);
    /** The work directories this process's started runners use. Guarded by itself. */
    private static final Map<Path, Holder> IN_USE = new HashMap<>();

    /** How many runners of this process use a directory, and this process's lock on it (null: another process has it). */
    private record Holder(int users, FileChannel channel, FileLock lock) { }

    /** The media-deletion schedule's file in the work directory; not a work folder, never removed as stale. */
    static final String MEDIA_SCHEDULE = ".media-deletions";

    private WorkFolders() { }

    /**
     * Records that a starting runner uses {@code root} and cleans what earlier runs left there.
     *
     * @return whether the runner has the directory to itself (then everything in it was deleted)
     */
    static boolean claim(Path root, Instant staleCutoff) {
        boolean alone;
        synchronized (IN_USE) {
            Holder h = IN_USE.get(root);
            if (h != null) {
                IN_USE.put(root, new Holder(h.users() + 1, h.channel(), h.lock()));
                alone = false;
            } else {
                FileChannel channel = null;
                FileLock lock = null;
                try {
                    Files.createDirectories(root);
                    channel = FileChannel.open(root.resolveSibling(root.getFileName() + ".lock"),
                            StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    lock = channel.tryLock(); // null while another process's runner uses the directory
                } catch (IOException | RuntimeException e) {
                    log.warn("cannot lock the work directory {}; cleaning only folders older than a day", root, e);
                }
                IN_USE.put(root, new Holder(1, channel, lock));
                alone = lock != null;
            }
        }
        removeStale(root, alone ? Instant.MAX : staleCutoff);
        return alone;
    }

    /** Records that a runner that {@link #claim claimed} {@code root} stopped; the last one lets the lock go. */
    static void release(Path root) {
        synchronized (IN_USE) {
            Holder h = IN_USE.get(root);
            if (h == null) {
                return;
            }
            if (h.users() > 1) {
                IN_USE.put(root, new Holder(h.users() - 1, h.channel(), h.lock()));
                return;
            }
            IN_USE.remove(root);
            try {
                if (h.channel() != null) {
                    h.channel().close(); // releases the lock; the file stays (deleting it would race a starting process)
                }
            } catch (IOException e) {
                log.debug("closing the work directory lock of {}: {}", root, e.toString());
            }
        }
    }

    /** Deletes the folders under {@code root} last changed before {@code cutoff}. */
    static void removeStale(Path root, Instant cutoff) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> list = Files.list(root)) {
            for (Path p : list.toList()) {
                if (!p.getFileName().toString().startsWith(MEDIA_SCHEDULE) && Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    delete(p);
                }
            }
        } catch (IOException e) {
            log.warn("could not clean the work folder {}", root, e);
        }
    }

    /** Deletes a folder and everything in it; a failure is logged. */
    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("could not delete work folder {}", dir, e);
        }
    }
}
