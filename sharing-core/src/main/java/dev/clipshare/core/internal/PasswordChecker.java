package dev.clipshare.core.internal;

import dev.clipshare.core.PasswordHash;
import dev.clipshare.core.ServiceBusyException;
import dev.clipshare.core.ValidationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mindrot.jbcrypt.BCrypt;

/**
 * bcrypt hashing and checking with a cap on concurrent checks: at most {@code maxConcurrent}
 * run at once, at most {@code maxWaiting} wait (each for at most {@code maxWait}), and the rest
 * are refused at once with {@link ServiceBusyException}, so a burst of guesses cannot pile up
 * CPU work without bound. Thread-safe.
 */
public final class PasswordChecker {
    /** bcrypt reads at most this many bytes of a password. */
    public static final int MAX_BYTES = 72;

    private final int cost;
    private final Semaphore running;
    private final AtomicInteger waiting = new AtomicInteger();
    private final int maxWaiting;
    private final Duration maxWait;
    private final java.util.concurrent.atomic.LongAdder checks = new java.util.concurrent.atomic.LongAdder();

    public PasswordChecker(int cost, int maxConcurrent, int maxWaiting, Duration maxWait) {
        this.cost = cost;
        this.running = new Semaphore(maxConcurrent, true);
        this.maxWaiting = maxWaiting;
        this.maxWait = maxWait;
    }

    /**
     * Refuses a password bcrypt could not keep whole: empty, or longer than 72 bytes in UTF-8
     * (bcrypt would silently ignore the rest).
     */
    public static void validate(String field, String password) {
        if (password == null || password.isEmpty()) {
            throw new ValidationException(field, "must not be empty");
        }
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new ValidationException(field, "is " + bytes + " bytes in UTF-8; at most " + MAX_BYTES
                    + " are allowed (bcrypt would silently ignore the rest)");
        }
    }

    /** Hashes a new password, in one of the capped slots (creating links cannot bypass the cap either). */
    public PasswordHash hash(String password) {
        validate("password", password);
        try (Permit permit = acquire()) {
            return new PasswordHash(BCrypt.hashpw(password, BCrypt.gensalt(cost)));
        }
    }

    /** A slot for one check; close it when done. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes a slot for one check, waiting a bounded time in a bounded line. */
    public Permit acquire() {
        if (running.tryAcquire()) {
            return running::release;
        }
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            throw busy();
        }
        try {
            if (!running.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw busy();
            }
            return running::release;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        } finally {
            waiting.decrementAndGet();
        }
    }

    private static ServiceBusyException busy() {
        return new ServiceBusyException("too many password checks at once", Duration.ofSeconds(1));
    }

    /** How many bcrypt comparisons {@link #matches} has run (hashing new passwords not included). */
    public long checks() {
        return checks.sum();
    }

    /** Whether a password of this length could be any share's password (at most 72 bytes in UTF-8). */
    public static boolean couldMatch(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    /** Whether the password matches; a password over 72 bytes never matches (and costs no bcrypt). */
    public boolean matches(String password, PasswordHash hash) {
        if (password == null || password.isEmpty() || password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return false;
        }
        checks.increment();
        try {
            return BCrypt.checkpw(password, hash.value());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
