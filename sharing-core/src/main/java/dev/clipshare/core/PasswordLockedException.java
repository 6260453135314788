package dev.clipshare.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Too many wrong passwords: the share refuses every password, the right one included, until
 * {@link #lockedUntil()}. An OWNER or ADMIN can end the lock early with
 * {@link Sharing#clearLockout}.
 */
public class PasswordLockedException extends RetryLaterException {
    private final Instant lockedUntil;

    public PasswordLockedException(Instant lockedUntil, Duration retryAfter) {
        super("share locked after too many wrong passwords", retryAfter);
        this.lockedUntil = lockedUntil;
    }

    public Instant lockedUntil() {
        return lockedUntil;
    }
}
