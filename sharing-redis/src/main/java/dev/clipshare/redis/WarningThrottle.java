package dev.clipshare.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a warning at most once per interval and counts the ones it held back, so an outage of
 * Redis under load writes a line every few seconds instead of one per request. Thread-safe.
 */
final class WarningThrottle {
    private final long intervalNanos;
    private final AtomicLong nextNanos;
    private final AtomicLong suppressed = new AtomicLong();

    WarningThrottle(Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.nextNanos = new AtomicLong(System.nanoTime());
    }

    void warn(Logger log, String message, Throwable failure) {
        long now = System.nanoTime();
        long next = nextNanos.get();
        if (now - next >= 0 && nextNanos.compareAndSet(next, now + intervalNanos)) {
            long held = suppressed.getAndSet(0);
            log.warn("{} ({}){}", message, Buckets.describe(failure),
                    held > 0 ? "; " + held + " more like it in the last " + Duration.ofNanos(intervalNanos).toSeconds() + " s" : "");
            log.debug("the failure behind the warning above", failure);
        } else {
            suppressed.incrementAndGet();
        }
    }
}
