package dev.clipshare.examples.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * The demo started in-process for a test: a random port, a fresh data folder, a short sample video
 * (10 s at 640x360, made in about a second) and bcrypt cost 10, all through the same
 * {@link DemoConfig} a user sets with environment variables. {@link #close()} stops it and
 * deletes the folder.
 */
final class TestDemo implements AutoCloseable {
    final Path dataDir;
    final DemoApp app;

    private TestDemo(Path dataDir, DemoApp app) {
        this.dataDir = dataDir;
        this.app = app;
    }

    static TestDemo start() {
        return start(b -> b);
    }

    static TestDemo start(UnaryOperator<DemoConfig.Builder> settings) {
        Path dir;
        try {
            dir = Files.createTempDirectory("clipshare-demo-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            DemoConfig config = settings.apply(DemoConfig.builder().port(0).dataDir(dir).sampleSeconds(10)
                    .sampleSize(640, 360).bcryptCost(10)).build();
            return new TestDemo(dir, DemoApp.start(config));
        } catch (Exception e) {
            Browser.deleteTree(dir);
            throw new IllegalStateException("the demo did not start", e);
        }
    }

    String url() {
        return app.url().toString();
    }

    /** Waits until the sample video is ready and the exporter runs (both start in the background). */
    TestDemo awaitReady() {
        await(d -> d.sampleStatus().filter(s -> !s.equals("preparing")).isPresent() && d.exportsRunning(), Duration.ofSeconds(120));
        if (!app.sampleStatus().orElseThrow().equals("ready")) {
            throw new IllegalStateException("the sample video failed: " + app.sampleStatus());
        }
        return this;
    }

    /** Polls a condition on the running demo until it holds. */
    void await(Function<DemoApp, Boolean> condition, Duration timeout) {
        await(app, condition, timeout);
    }

    /** Polls a condition on a running demo until it holds (two minutes at most). */
    static void await(DemoApp app, Function<DemoApp, Boolean> condition) {
        await(app, condition, Duration.ofMinutes(2));
    }

    private static void await(DemoApp app, Function<DemoApp, Boolean> condition, Duration timeout) {
        new FluentWait<>(app).withTimeout(timeout).pollingEvery(Duration.ofMillis(100))
                .withMessage("the demo did not get there in " + timeout)
                .until(condition::apply);
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            Browser.deleteTree(dataDir);
        }
    }
}
