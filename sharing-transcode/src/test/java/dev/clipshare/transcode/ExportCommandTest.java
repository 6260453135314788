package dev.clipshare.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.transcode.TestVideos.Spec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private int run(String... args) {
        return ExportCommand.run(List.of(args), new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void exportsARangeAndPrintsTheTimingsOfEachStepAndTheFacts() {
        Path source = TestVideos.get(Spec.of(320, 240, 4));
        Path out = tmp.resolve("out");

        int status = run("--start", "1", "--end", "2.5", "--repeat", "2", "--out", out.toString(), source.toString());

        assertThat(status).as(output()).isZero();
        assertThat(output())
                .containsPattern("run 1: clip \\d+ ms, thumbnail \\d+ ms, HLS \\d+ ms, total \\d+ ms")
                .containsPattern("run 2: clip \\d+ ms")
                .containsPattern("median of 2: clip \\d+ ms, thumbnail \\d+ ms, HLS \\d+ ms")
                .contains("clip: 320x240, h264/aac, 1.5")
                .contains("files: ");
        assertThat(out.resolve("clip.mp4")).exists();
        assertThat(out.resolve("thumbnail.jpg")).exists();
        assertThat(out.resolve("hls/index.m3u8")).exists();
    }

    @Test
    void aFailedExportSaysWhyAndExitsWithOne() {
        int status = run("--out", tmp.resolve("out").toString(), tmp.resolve("missing.mp4").toString());

        assertThat(status).isEqualTo(1);
        assertThat(output()).contains("export failed: source not found: " + tmp.resolve("missing.mp4"));
    }

    @Test
    void aUsageErrorPrintsTheUsageAndExitsWithTwo() {
        assertThat(run("--start", "abc", "x.mp4")).isEqualTo(2);
        assertThat(output()).contains("not a number of seconds: abc").contains("usage: ExportCommand");
        assertThat(run("--start", "5", "--end", "2", "x.mp4")).isEqualTo(2);
        assertThat(output()).contains("must be after start");
        assertThat(run()).isEqualTo(2);
        assertThat(output()).contains("no input file");
    }
}
