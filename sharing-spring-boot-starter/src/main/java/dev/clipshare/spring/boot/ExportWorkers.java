package dev.clipshare.spring.boot;

import dev.clipshare.core.export.ExportRunner;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Runs an {@link ExportRunner} for as long as the application context runs: starts its workers
 * when the context has started (so no job begins before the app is ready), and closes it when the
 * context stops (running transcodes are interrupted and their jobs handed back to the queue).
 * {@link #isRunning()} is what the health indicator reports.
 *
 * <p>Thread-safe. A runner cannot be started again once closed, so neither can this.
 */
public final class ExportWorkers implements SmartLifecycle {
    private final ExportRunner runner;
    private volatile boolean running;

    /**
     * @param runner the runner to start and close; not started yet
     */
    public ExportWorkers(ExportRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /** @return the runner */
    public ExportRunner runner() {
        return runner;
    }

    @Override
    public synchronized void start() {
        if (!running) {
            runner.start();
            running = true;
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        runner.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
