package dev.clipshare.core.spi;

import dev.clipshare.core.Share;
import dev.clipshare.core.ShareId;
import dev.clipshare.core.StorageException;
import dev.clipshare.core.TokenHash;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the viewer's path reads and counts: the lookup of a share by its token's hash, page views,
 * and password attempts. Every share page, media request and unlock goes through it, so each
 * method is one short statement or script on the backing store.
 *
 * <p><b>Thread-safety and nodes.</b> Called concurrently from many request threads and from
 * several nodes that share one backing store.
 *
 * <p><b>Atomicity duties.</b>
 * <ul>
 *   <li>{@link #addViews}: an increment, so no view is lost (a write-behind buffer is fine, as
 *       long as it is flushed on close);</li>
 *   <li>{@link #reservePasswordAttempt}: counting and locking in one atomic step, so twenty
 *       concurrent wrong passwords on several nodes lock the share exactly once and permit
 *       exactly the configured number of checks;</li>
 *   <li>{@link #clearPasswordFailures}: one write.</li>
 * </ul>
 * A method that fails throws {@link StorageException} and leaves nothing half-written. Times come
 * from the caller. The sharing-testkit's {@code ShareStoreContract} covers this interface too.
 */
public interface ViewerStore {

    /** The share whose token hashes to {@code hash}, revoked or not. Must be one indexed lookup. */
    Optional<Share> findByTokenHash(TokenHash hash);

    /**
     * Adds {@code count} to the share's view count (an increment, never read-modify-write). Unknown
     * ids are ignored; a count of 0 changes nothing.
     *
     * @throws IllegalArgumentException when {@code count} is negative (nothing changed)
     */
    void addViews(ShareId id, long count);

    /**
     * Reserves one password attempt, atomically.
     *
     * <ol>
     *   <li>If the share is locked at {@code now}: refuse ({@link PasswordAttempt#locked}).</li>
     *   <li>If a lock has ended by {@code now}: reset the count and the lock first.</li>
     *   <li>Add one to the count. If the count has reached {@code maxFailures}, set the lock to
     *       {@code now + lockout} and return it with the permit; this last attempt may still
     *       check its password, and on success the caller clears the lock.</li>
     * </ol>
     * An unknown id is answered with a permitted attempt and a count of 1; the caller has already
     * found the share and will not check a password for a share that vanished.
     */
    PasswordAttempt reservePasswordAttempt(ShareId id, Instant now, int maxFailures, Duration lockout);

    /** Resets the attempt count and ends any lock (after a right password, or by an owner). */
    void clearPasswordFailures(ShareId id);
}
