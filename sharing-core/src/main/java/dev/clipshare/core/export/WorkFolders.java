package dev.clipshare.core.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runner's work folders: one per running job, deleted afterwards; what a crash left, deleted later. */
final class WorkFolders {
    private static final Logger log = LoggerFactory.getLogger(ExportRunner.class);

    /** The media-deletion schedule's file in the work directory; not a work folder, never removed as stale. */
    static final String MEDIA_SCHEDULE = ".media-deletions";

    private WorkFolders() { }

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
