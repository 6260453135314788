package dev.clipshare.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.StorageException;
import java.time.Duration;

/** Checks that a store call fails the way a host can handle: a StorageException, in bounded time. */
final class StorageFailures {
    private StorageFailures() { }

    /** Runs {@code call}, which must fail with a {@link StorageException} within {@code limit}. */
    static StorageException within(Duration limit, Runnable call) {
        long started = System.nanoTime();
        StorageException failure = null;
        try {
            call.run();
        } catch (StorageException e) {
            failure = e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(failure).as("the call should have failed with a StorageException").isNotNull();
        assertThat(took).as("time to fail").isLessThan(limit);
        return failure;
    }
}
