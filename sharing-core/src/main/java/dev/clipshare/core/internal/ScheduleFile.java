package dev.clipshare.core.internal;

import dev.clipshare.core.StorageException;
import dev.clipshare.core.Target;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small map of targets to instants kept in one local file: rewritten whole on every change
 * (written beside, forced to disk, renamed atomically), so a crash leaves the old or the new
 * contents, never half of one. One line per entry: epoch milliseconds, a space, the target key.
 * For schedules of a handful of entries that change a few times a minute at most.
 */
public final class ScheduleFile {
    private ScheduleFile() { }

    /** The entries the file holds; empty when it does not exist. Unreadable lines are skipped. */
    public static Map<Target, Instant> load(Path file) {
        Map<Target, Instant> entries = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return entries;
        } catch (IOException e) {
            throw new StorageException("cannot read " + file, e);
        }
        for (String line : lines) {
            int space = line.indexOf(' ');
            try {
                entries.put(Target.fromKey(line.substring(space + 1)), Instant.ofEpochMilli(Long.parseLong(line.substring(0, space))));
            } catch (RuntimeException skipped) {
                // a line this version cannot read: leave that target to an explicit clean-up
            }
        }
        return entries;
    }

    /** Replaces the file's contents with {@code entries}, durably and atomically. */
    public static void save(Path file, Map<Target, Instant> entries) {
        StringBuilder sb = new StringBuilder();
        entries.forEach((target, at) -> sb.append(at.toEpochMilli()).append(' ').append(target.key()).append('\n'));
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StorageException("cannot write " + file, e);
        }
    }
}
