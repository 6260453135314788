package dev.clipshare.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @TempDir
    Path dir;

    private final List<Figure> figures = List.of(
            Figure.of("Share page", "H2, 16 connections", 12_000, "req/s")
                    .against("trivial servlet", 20_000).bar("≥ 70 % of a trivial servlet", false)
                    .note("two indexed queries | one render"),
            Figure.of("Export", "thumbnail", 30, "ms").bar("< 300 ms", true));

    @Test
    void theTableShowsEachFigureWithItsPeerRatioBarAndNote() {
        String table = Report.table(figures);

        assertThat(table.lines()).hasSize(4);
        assertThat(table).contains("| Share page | H2, 16 connections | 12,000 req/s | 20,000 req/s (trivial servlet) | 0.60 | ≥ 70 % of a trivial servlet | **no** | two indexed queries \\| one render |");
        assertThat(table).contains("| Export | thumbnail | 30.0 ms |  |  | < 300 ms | yes |  |");
    }

    @Test
    void aRunWritesTheResultsFileAndOneChartPerSection() throws Exception {
        Report.write(dir, "2026-12-05 on a test machine", figures);

        assertThat(Files.readString(dir.resolve("results.md")))
                .contains("Run 2026-12-05 on a test machine.")
                .contains("![Share page](share-page.png)")
                .contains("![Export](export.png)");
        BufferedImage chart = ImageIO.read(dir.resolve("share-page.png").toFile());
        assertThat(chart.getWidth()).isEqualTo(1160);
        assertThat(ImageIO.read(dir.resolve("export.png").toFile())).isNotNull();
    }

    @Test
    void theReadmeBlockIsReplacedAndEverythingAroundItKept() throws Exception {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "# Title\n\n## Benchmarks\n\n" + Readme.START + "\nold table\n" + Readme.END + "\n\n## Building\n");

        Readme.replaceBlock(readme, "new table\n");
        Readme.replaceBlock(readme, "newer table\n");

        assertThat(Files.readString(readme)).isEqualTo(
                "# Title\n\n## Benchmarks\n\n" + Readme.START + "\nnewer table\n" + Readme.END + "\n\n## Building\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(readme);
        }
    }

    @Test
    void aReadmeWithoutTheMarkersIsRefusedAndLeftAlone() throws Exception {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "# Title\n");

        assertThatThrownBy(() -> Readme.replaceBlock(readme, "table"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("benchmarks:start");
        assertThat(Files.readString(readme)).isEqualTo("# Title\n");
    }

    @Test
    void figuresWithoutAPeerShareOneLogScalePerKindOfUnit() {
        Figure parse = Figure.of("JMH", "range parse", 60, "ns/op");
        Figure page = Figure.of("JMH", "page", 12, "µs/op");
        Figure unlock = Figure.of("JMH", "unlock", 600, "ms/op");
        Figure streams = Figure.of("JMH", "streams", 5, "MiB/s");
        List<Figure> section = List.of(parse, page, unlock, streams);

        assertThat(Report.logShare(unlock, section)).isEqualTo(1.0);
        assertThat(Report.logShare(page, section)).isBetween(0.3, 0.6);
        assertThat(Report.logShare(parse, section)).isLessThan(Report.logShare(page, section)).isGreaterThan(0.08);
        assertThat(Report.logShare(streams, section)).as("alone in its unit").isEqualTo(1.0);
    }

    @Test
    void aMergedRunReplacesOnlyTheRowsOfTheSectionsItMeasured() throws Exception {
        Report.write(dir, "2026-12-05 on a test machine", figures);
        Figure again = Figure.of("Share page", "PostgreSQL, 16 connections", 6_000, "req/s").against("floor", 10_000);

        Report.Merged merged = Report.merge(dir, "2026-12-06 on another day", List.of(again));
        Report.merge(dir, "2026-12-07, once more", List.of(again));

        String md = Files.readString(dir.resolve("results.md"));
        assertThat(md).contains("Run 2026-12-05 on a test machine.")
                .contains("Sections Share page: run 2026-12-07, once more.")
                .doesNotContain("2026-12-06 on another day")
                .doesNotContain("H2, 16 connections")
                .contains("| Share page | PostgreSQL, 16 connections | 6,000 req/s | 10,000 req/s (floor) | 0.60 |")
                .contains("| Export | thumbnail | 30.0 ms |");
        assertThat(md.lines().filter(l -> l.startsWith("| Share page |"))).hasSize(1);
        assertThat(md.lines().filter(l -> l.startsWith("![Share page]"))).hasSize(1);
        assertThat(merged.chartFiles()).containsExactly("export.png", "share-page.png");
        assertThat(merged.table().lines().filter(l -> l.startsWith("| "))).hasSize(3);

        Report.merge(dir, "2026-12-08", List.of(Figure.of("Export", "clip", 5_000, "ms")));
        Report.merge(dir, "2026-12-09", List.of(again, Figure.of("Export", "clip", 5_100, "ms")));
        assertThat(Files.readString(dir.resolve("results.md")))
                .as("a line names only the sections whose rows it still accounts for")
                .doesNotContain("2026-12-07").doesNotContain("2026-12-08")
                .contains("Sections Share page, Export: run 2026-12-09.");
    }
}
