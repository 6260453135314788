package dev.clipshare.redis;

import java.time.Duration;

/**
 * Waits for something real to happen (a client reconnecting), checking every 50 ms until a
 * deadline. It never stands in for moving time: tests move a MutableClock for that.
 */
final class Eventually {
    private Eventually() { }

    /** Runs {@code check} until it passes; after {@code limit}, its last failure is thrown. */
    static void within(Duration limit, Runnable check) {
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
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
    }
}
