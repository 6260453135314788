package dev.clipshare.core.spi;

import dev.clipshare.core.LinksPerTarget;
import dev.clipshare.core.Share;
import dev.clipshare.core.ShareConflictException;
import dev.clipshare.core.ShareId;
import dev.clipshare.core.ShareQuery;
import dev.clipshare.core.StorageException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of share links: the records managers create, read, change, revoke and delete.
 * The viewer's side of a link (the token lookup, view counts, password attempts) is
 * {@link ViewerStore}; a library's sharing switch is {@link LibrarySettingsStore}. One class may
 * implement all three over the same tables, as the in-memory, JDBC and Redis stores do.
 *
 * <p><b>Thread-safety and nodes.</b> Implementations are called concurrently from many request
 * threads, and from several application nodes that share one backing store. Every method must
 * be safe under that load.
 *
 * <p><b>Atomicity duties.</b> The rules that protect viewers and owners are kept by the store,
 * not by the caller; a read-then-write in Java across nodes is not acceptable for:
 * <ul>
 *   <li>{@link #insert}: the one-per-visibility rule and idempotency keys (a unique constraint or
 *       equivalent);</li>
 *   <li>{@link #update} and {@link #revoke}: credential version increments happen in the same
 *       write.</li>
 * </ul>
 * A method that fails throws {@link StorageException} and leaves nothing half-written.
 *
 * <p><b>Which conflicts the store detects.</b> Only three, all in {@link #insert}: a second
 * unrevoked link of a target and visibility under {@link LinksPerTarget#ONE_PER_VISIBILITY}, an
 * idempotency key already used by the same creator (answered with the existing share, not an
 * error), and a share id or token hash that already exists ({@link ShareConflictException},
 * nothing written). Everything else is the facade's: the sharing switch, roles, whether a retried
 * request matches the first one (the store answers the existing share even for another target),
 * refusing changes to a revoked link, expiry and password rules.
 *
 * <p>Times are passed in by the caller (from its clock); stores never read a clock of their
 * own, which keeps them testable and consistent across nodes. The sharing-testkit's
 * {@code ShareStoreContract} defines what a working store does; run it against yours.
 */
public interface ShareStore {

    /**
     * Stores a new share.
     *
     * <p>If the share carries an idempotency key and a share created by the same principal with
     * the same key exists, nothing is written and that existing share is returned (a deleted share
     * frees its key). Otherwise, under {@link LinksPerTarget#ONE_PER_VISIBILITY}:
     * <ul>
     *   <li>A share is <em>active</em> when it is not revoked and not expired at the new share's
     *       {@link Share#createdAt()} (the insert's "now"; an expiry equal to it has passed),
     *       whatever policy it was created under.</li>
     *   <li>If an active share with the same target and visibility exists, nothing is written and
     *       {@link ShareConflictException} is thrown, naming that share
     *       ({@link ShareConflictException#existingShareId()}).</li>
     *   <li>Otherwise every unrevoked, expired share of that target and visibility is revoked
     *       (revocation time = the new share's creation time, credential version + 1) in the same
     *       atomic step as the insert: the new link takes their place, and removing an old link's
     *       expiry can never bring back a second live link next to it.</li>
     * </ul>
     * These checks must hold under concurrent inserts, updates and revocations from several nodes:
     * the expiry comparison is made by the store, atomically with the insert, never read first
     * and decided in Java.
     * A retry racing its first call under {@code ONE_PER_VISIBILITY} answers the share that call
     * stored, never a conflict. A revoked share keeps its key (the retry answers the revoked
     * share); only deletion frees it. A share whose id or token hash is already stored is refused
     * with {@link ShareConflictException}.
     *
     * @return the stored share: {@code share} itself, or the existing one for a repeated idempotency key
     */
    Share insert(Share share, LinksPerTarget policy);

    /** The share with this id, revoked or not. */
    Optional<Share> findById(ShareId id);

    /**
     * Shares of {@code query.target()}, newest first (by creation time, then by id, both
     * descending), strictly after {@code query.after()} when given, at most {@code query.limit()}.
     * The limit counts the shares returned: revoked shares left out by the query do not use it up,
     * and a cursor stays valid after the share it names was deleted (it is a position, not a row).
     * Ids compare as Java strings do (byte order for their base64url characters).
     */
    List<Share> list(ShareQuery query);

    /**
     * Writes the non-{@code keep} fields of {@code changes} and the update time, and adds one to
     * the credential version when asked, in one atomic write.
     *
     * @return the share after the write, or empty when no share has that id
     */
    Optional<Share> update(ShareId id, ShareChanges changes);

    /**
     * Revokes a share: sets its revocation time, adds one to its credential version and frees its
     * one-per-visibility slot, atomically. Revoking a revoked share changes nothing. The update
     * time is left alone ({@code revokedAt} records the revocation). The credential version moves
     * only here and in an {@link #update} that asks for it (a password set, changed or removed);
     * title, description, metadata, download switch, expiry, views and password attempts never move it.
     *
     * @return the share after revocation, or empty when no share has that id
     */
    Optional<Share> revoke(ShareId id, Instant at);

    /**
     * Deletes a share for good.
     *
     * @return whether a share was deleted
     */
    boolean delete(ShareId id);
}
