package dev.clipshare.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The house rule that keeps classes readable: no main source file of any module over 600 lines. */
class SourceSizeTest {
    private static final int MAX_LINES = 600;

    @Test
    void noMainClassOfTheRepositoryIsOver600Lines() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        Assumptions.assumeTrue(Files.isRegularFile(root.resolve("pom.xml")) && Files.isDirectory(root.resolve("sharing-core")),
                "run from a checkout of the repository");
        Map<String, Long> tooLong = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> sources = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .toList();
            assertThat(sources).as("the scan finds the main sources").hasSizeGreaterThan(100);
            for (Path p : sources) {
                long lines = lines(p);
                if (lines > MAX_LINES) {
                    tooLong.put(root.relativize(p).toString(), lines);
                }
            }
        }
        assertThat(tooLong).as("classes over %d lines: split them along their seams", MAX_LINES).isEmpty();
    }

    private static long lines(Path p) {
        try (Stream<String> s = Files.lines(p)) {
            return s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
