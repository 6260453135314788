package dev.clipshare.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Puts a run's table into the repository README, between the lines {@value #START} and
 * {@value #END}; everything outside the markers is left as it was. The README is rewritten
 * through a temporary file and a rename, so an interrupted run never leaves half a README.
 */
public final class Readme {
    /** The line that opens the generated block. */
    public static final String START = "<!-- benchmarks:start (written by benchmarks/run.sh; edit benchmarks/README.md instead) -->";
    /** The line that closes the generated block. */
    public static final String END = "<!-- benchmarks:end -->";

    private Readme() { }

    /**
     * Replaces the block between the markers of {@code readme} with {@code block}.
     *
     * @throws IllegalStateException when the README lacks either marker, or has them out of order
     */
    public static void replaceBlock(Path readme, String block) throws IOException {
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        if (start < 0 || end < 0 || end < start) {
            throw new IllegalStateException(readme + " has no '" + START + "' … '" + END + "' block to fill");
        }
        String updated = text.substring(0, start + START.length()) + "\n" + block.strip() + "\n" + text.substring(end);
        Path tmp = Files.createTempFile(readme.toAbsolutePath().getParent(), ".readme", ".tmp");
        try {
            Files.writeString(tmp, updated, StandardCharsets.UTF_8);
            Files.move(tmp, readme, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
