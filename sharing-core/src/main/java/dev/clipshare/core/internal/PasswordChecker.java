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
 * CPU work without bound.
 *
 * <p>Viewers' guesses ({@link #acquire}) and members' management work (hashing a new password,
 * {@link #hash}, and comparing one on an idempotent retry, {@link #acquireForManagement}) take
 * their slots from two separate sets of the same size and rules: a flood of wrong guesses fills
 * only the viewers' set, so setting a password never queues behind it. At most twice
 * {@code maxConcurrent} bcrypt computations so run at once.
 *
 * <p>A password holding NUL ({@code U+0000}) is refused when set and never matches when guessed:
 * jBCrypt ends the key at the first NUL byte, so {@code "P\0P"} would otherwise match {@code "P"}.
 * Thread-safe.
 */
public final class PasswordChecker {
    /** bcrypt reads at most this many bytes of a password. */
    public static final int MAX_BYTES = 72;

    private final int cost;
    private final Slots viewers;
    private final Slots management;
    private final java.util.concurrent.atomic.LongAdder checks = new java.util.concurrent.atomic.LongAdder();

    public PasswordChecker(int cost, int maxConcurrent, int maxWaiting, Duration maxWait) {
        this.cost = cost;
        this.viewers = new Slots(maxConcurrent, maxWaiting, maxWait);
        this.management = new Slots(maxConcurrent, maxWaiting, maxWait);
    }

    /**
     * Refuses a password bcrypt could not keep whole: empty, or longer than 72 bytes in UTF-8
     * (bcrypt would silently ignore the rest).
     */
    public static void validate(String field, String password) {
        if (password == null || password.isEmpty()) {
            throw new ValidationException(field, "must not be empty");
        }
        if (password.indexOf('\0') >= 0) {
            throw new ValidationException(field, "must not contain the NUL character (bcrypt would ignore everything after it)");
        }
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new ValidationException(field, "is " + bytes + " bytes in UTF-8; at most " + MAX_BYTES
                    + " are allowed (bcrypt would silently ignore the rest)");
        }
    }

    /**
     * Hashes a new password, in one of the capped management slots (creating links cannot bypass
     * the cap either, and does not wait behind viewers' guesses).
     */
    public PasswordHash hash(String password) {
        validate("password", password);
        try (Permit permit = management.acquire()) {
            return new PasswordHash(BCrypt.hashpw(password, BCrypt.gensalt(cost)));
        }
    }

    /** A slot for one check; close it when done. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes a viewer's slot for one check, waiting a bounded time in a bounded line. */
    public Permit acquire() {
        return viewers.acquire();
    }

    /** Takes a management slot for one check (an editor's call), apart from the viewers' slots. */
    public Permit acquireForManagement() {
        return management.acquire();
    }

    /** One set of capped slots with a bounded waiting line. */
    private static final class Slots {
        private final Semaphore running;
        private final AtomicInteger waiting = new AtomicInteger();
        private final int maxWaiting;
        private final Duration maxWait;

        Slots(int maxConcurrent, int maxWaiting, Duration maxWait) {
            this.running = new Semaphore(maxConcurrent, true);
            this.maxWaiting = maxWaiting;
            this.maxWait = maxWait;
        }

        Permit acquire() {
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
    }

    private static ServiceBusyException busy() {
        return new ServiceBusyException("too many password checks at once", Duration.ofSeconds(1));
    }

    /** How many bcrypt comparisons {@link #matches} has run (hashing new passwords not included). */
    public long checks() {
        return checks.sum();
    }

    /**
     * Whether a guess could be any share's password: at most 72 bytes in UTF-8 and free of NUL
     * (no password may hold one).
     */
    public static boolean couldMatch(String password) {
        return password.indexOf('\0') < 0 && password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    /** Whether the password matches; a guess that {@link #couldMatch could not match} never does (and costs no bcrypt). */
    public boolean matches(String password, PasswordHash hash) {
        if (password == null || password.isEmpty() || !couldMatch(password)) {
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
