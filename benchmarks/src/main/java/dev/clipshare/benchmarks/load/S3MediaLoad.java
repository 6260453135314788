package dev.clipshare.benchmarks.load;

import dev.clipshare.benchmarks.report.Figure;
import java.nio.file.Path;
import java.util.List;

public final class S3MediaLoad {
    private S3MediaLoad() { }

    public static List<Figure> run(Path work) throws Exception {
        throw new UnsupportedOperationException("not yet");
    }
}
