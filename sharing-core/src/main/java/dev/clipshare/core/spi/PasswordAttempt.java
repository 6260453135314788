package dev.clipshare.core.spi;

import java.time.Instant;

/**
 * The store's answer to {@link ViewerStore#reservePasswordAttempt}.
 *
 * @param permitted   whether the caller may check a password now
 * @param failures    attempts counted since the last success, including this one when permitted
 * @param lockedUntil when permitted: the lock this attempt set because it is the last one allowed
 *                    (cleared again if the password turns out right), or {@code null};
 *                    when refused: the end of the running lock
 */
public record PasswordAttempt(boolean permitted, int failures, Instant lockedUntil) {
    public static PasswordAttempt permitted(int failures, Instant lockSetByThisAttempt) {
        return new PasswordAttempt(true, failures, lockSetByThisAttempt);
    }

    public static PasswordAttempt locked(int failures, Instant lockedUntil) {
        if (lockedUntil == null) {
            throw new IllegalArgumentException("a refused attempt must say when the lock ends");
        }
        return new PasswordAttempt(false, failures, lockedUntil);
    }

    /** Whether this attempt is the one that locked the share (if it fails). */
    public boolean locksOnFailure() {
        return permitted && lockedUntil != null;
    }
}
