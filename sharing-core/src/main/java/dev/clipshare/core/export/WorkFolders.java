package dev.clipshare.core.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's work folders: one per running job, deleted afterwards. What a killed process left
 * is deleted when a runner starts: every folder, whatever its age, when no other runner of this
 * process uses the same work directory (a work directory belongs to one process); only folders
 * older than a day otherwise, since the other runner's jobs may be running in them.
 */
final class WorkFolders {
    private static final Logger log = LoggerFactory.getLogger(ExportRunner.class);
    /** The work directories of this process's started runners, with how many runners use each. */
    private static final Map<Path, Integer> IN_USE = new ConcurrentHashMap<>();

    private WorkFolders() { }

    /**
     * Records that a starting runner uses {@code root} and cleans what earlier runs left there.
     *
     * @return whether it was the only runner of this process using {@code root} (everything was cleaned)
     */
    static boolean claim(Path root, Instant staleCutoff) {
        int users = IN_USE.merge(root, 1, Integer::sum);
        if (users == 1) {
            removeStale(root, Instant.MAX); // nobody of this process works there: all of it is left over
            return true;
        }
        removeStale(root, staleCutoff);
        return false;
    }

    /** Records that a runner that {@link #claim claimed} {@code root} stopped. */
    static void release(Path root) {
        IN_USE.computeIfPresent(root, (k, n) -> n > 1 ? n - 1 : null);
    }

    /** Deletes the folders under {@code root} last changed before {@code cutoff}. */
    static void removeStale(Path root, Instant cutoff) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> list = Files.list(root)) {
            for (Path p : list.toList()) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
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
