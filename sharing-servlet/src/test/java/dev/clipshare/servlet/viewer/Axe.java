package dev.clipshare.servlet.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core, the accessibility checker, run inside the page under test. Its script comes from the
 * npm registry ({@code npm pack axe-core@VERSION}, once, into {@code target/axe-core}); nothing of
 * it is committed (the demo's browser tests use it too, through this module's test-jar). Without npm the checks are skipped visibly, except under {@code CI=true},
 * where they fail.
 */
public final class Axe {
    /** The axe-core release the checks run. */
    public static final String VERSION = "4.14.1";
    private static String source;

    private Axe() { }

    /** axe.min.js, fetched on first use. */
    public static synchronized String source() {
        if (source == null) {
            Path dir = Path.of("target", "axe-core").toAbsolutePath();
            Path script = dir.resolve("package").resolve("axe.min.js");
            try {
                if (!Files.isRegularFile(script)) {
                    Files.createDirectories(dir);
                    run(dir, "npm", "pack", "--silent", "axe-core@" + VERSION, "--pack-destination", dir.toString());
                    run(dir, "tar", "xzf", "axe-core-" + VERSION + ".tgz");
                }
                source = Files.readString(script, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                if ("true".equals(System.getenv("CI"))) {
                    throw new IllegalStateException("axe-core could not be had from npm: " + e.getMessage(), e);
                }
                Assumptions.abort("axe-core could not be had from npm (" + e.getMessage() + ")");
            }
        }
        return source;
    }

    private static void run(Path dir, String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }

    /**
     * Runs axe (WCAG 2 A and AA rules) on the current page and returns its serious and critical
     * violations, each as "rule: help (targets)".
     */
    @SuppressWarnings("unchecked")
    public static List<String> seriousViolations(WebDriver driver) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        if (!Boolean.TRUE.equals(js.executeScript("return !!window.axe;"))) {
            js.executeScript(source());
        }
        Object result = js.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })"
                + ".then(function (r) { done(r.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })"
                + ".map(function (v) { return { id: v.id, help: v.help, nodes: v.nodes.map(function (n) { return n.target.join(' '); }) }; })); })"
                + ".catch(function (e) { done([{ id: 'axe-error', help: String(e), nodes: [] }]); });");
        return ((List<Map<String, Object>>) result).stream()
                .map(v -> v.get("id") + ": " + v.get("help") + " " + v.get("nodes"))
                .collect(Collectors.toList());
    }

    /** Fails when axe finds a serious or critical violation on the current page. */
    public static void check(WebDriver driver, String what) {
        assertThat(seriousViolations(driver)).as("axe-core on " + what).isEmpty();
    }
}
