package dev.clipshare.examples.springboot;

import dev.clipshare.core.spi.SourceMedia;
import dev.clipshare.core.spi.SourceResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The app's videos: the files of one folder ({@code videoteam.videos}); a video's id is its file
 * name. A real app has its own catalogue; Clipshare only asks which library owns a video and where
 * its bytes are: as a {@link SourceResolver} bean, this is what the starter's export runner reads.
 */
@Component
class VideoLibrary implements SourceResolver {
    private final Path folder;

    VideoLibrary(@Value("${videoteam.videos}") Path folder) throws IOException {
        this.folder = Files.createDirectories(folder.toAbsolutePath().normalize());
    }

    /** The video's file; never a path outside the folder, whatever the id. */
    Optional<Path> find(String id) {
        try {
            Path file = folder.resolve(id).normalize();
            return folder.equals(file.getParent()) && Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** For the export runner: where the transcoder reads the video. */
    @Override
    public Optional<SourceMedia> resolve(String id) {
        return find(id).map(SourceMedia::of);
    }

    List<String> ids() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    Path folder() {
        return folder;
    }
}
