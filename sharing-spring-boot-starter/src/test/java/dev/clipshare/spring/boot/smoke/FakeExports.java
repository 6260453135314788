package dev.clipshare.spring.boot.smoke;

import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.SharingEvent;
import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.core.spi.SourceMedia;
import dev.clipshare.core.spi.SourceResolver;
import dev.clipshare.core.spi.TranscodeResult;
import dev.clipshare.core.spi.Transcoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * Exports without FFmpeg: every source is one file, and the "transcoder" writes a clip of
 * {@link #CLIP_BYTES} bytes and a thumbnail. Also records the Spring application events it hears.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FakeExports {
    public static final int CLIP_BYTES = 4096;
    public static final List<SharingEvent> EVENTS = new CopyOnWriteArrayList<>();

    @Bean
    SourceResolver sources() {
        return id -> {
            try {
                Path source = Files.createTempFile("source-", ".mp4");
                source.toFile().deleteOnExit();
                return Optional.of(SourceMedia.of(source));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Bean
    Transcoder transcoder() {
        return (request, workDir, progress) -> {
            try {
                Files.createDirectories(workDir);
                byte[] clip = new byte[CLIP_BYTES];
                System.arraycopy("\0\0\0\u0018ftypisom".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, clip, 0, 12);
                Path mp4 = Files.write(workDir.resolve(MediaKey.CLIP), clip);
                Path jpg = Files.write(workDir.resolve(MediaKey.THUMBNAIL), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
                progress.update(100);
                return new TranscodeResult(Map.of(MediaKey.CLIP, mp4, MediaKey.THUMBNAIL, jpg),
                        new ExportArtifacts(Duration.ofSeconds(2), 320, 240, CLIP_BYTES, "h264", "aac", false));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @EventListener
    void heard(SharingEvent event) {
        EVENTS.add(event);
    }
}
