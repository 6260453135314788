package dev.clipshare.core.export;

import dev.clipshare.core.Export;
import dev.clipshare.core.ExportJob;
import dev.clipshare.core.ExportQueue;
import dev.clipshare.core.Target;
import dev.clipshare.core.spi.CompletionOutcome;
import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.core.spi.TranscodeResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How a finished encode becomes what links serve: publish every file, then complete the job. */
final class Publishing {
    private static final Logger log = LoggerFactory.getLogger(ExportRunner.class);

    private Publishing() { }

    /** Publishes the result's files: the playlist after its segments and the clip last, so nothing refers to a file not there yet. */
    static void publish(ExportQueue queue, ExportJob job, TranscodeResult result) {
        List<Map.Entry<String, Path>> files = new ArrayList<>(result.files().entrySet());
        files.sort(Comparator.comparingInt(f -> order(f.getKey())));
        for (Map.Entry<String, Path> f : files) {
            queue.publish(job, f.getKey(), f.getValue());
        }
    }

    /** Completes the job; a stale result's media are deleted, a completed one schedules the old versions' deletion. */
    static void complete(ExportQueue queue, ExportJob job, TranscodeResult result, Duration mediaGracePeriod) {
        Export e = job.export();
        CompletionOutcome outcome = queue.complete(job, result.artifacts());
        switch (outcome) {
            case COMPLETED -> {
                log.info("export {} v{} completed", e.target(), e.version());
                queue.scheduleMediaDeletion(e.target(), mediaGracePeriod);
            }
            case SUPERSEDED -> {
                log.info("export {} v{} is stale (a newer version was requested); deleting its media", e.target(), e.version());
                deleteQuietly(queue, e.target(), e.version());
            }
            // another worker holds the job and publishes the same version: its files are as good as ours
            case LEASE_LOST -> log.warn("export {} v{}: lease lost while publishing", e.target(), e.version());
        }
    }

    static void deleteQuietly(ExportQueue queue, Target target, long version) {
        try {
            queue.deleteMedia(target, version);
        } catch (RuntimeException ex) {
            log.warn("could not delete media of {} v{}", target, version, ex);
        }
    }

    private static int order(String name) {
        if (name.equals(MediaKey.CLIP)) {
            return 3;
        }
        if (name.equals(MediaKey.HLS_PLAYLIST)) {
            return 1;
        }
        return name.startsWith("hls/") ? 0 : 2;
    }
}
