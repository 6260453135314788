package dev.clipshare.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * Waits in a test for something real to happen outside the test's control (a connection pool
 * reconnecting to a database that came back, a client reconnecting to Redis, a background flush),
 * checking every 50 ms until a deadline. It never stands in for moving time: tests move a
 * {@link MutableClock} for that.
 *
 * <pre>{@code
 * Eventually.within(Duration.ofSeconds(15), () -> assertThat(store.findById(id)).contains(share));
 * }</pre>
 *
 * <p>Thread-safe (stateless).
 */
public final class Eventually {
    private static final long POLL_MILLIS = 50;

    private Eventually() { }

    /**
     * Runs {@code check} until it returns normally; once {@code limit} has passed, the last
     * {@link AssertionError} or {@link RuntimeException} it threw is thrown.
     */
    public static void within(Duration limit, Runnable check) {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(check, "check");
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError | RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
    }
}
