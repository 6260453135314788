package dev.clipshare.core.spi;

import dev.clipshare.core.Principal;
import dev.clipshare.core.Role;
import dev.clipshare.core.Target;
import java.util.Optional;

/**
 * The host's answer to "who owns this video, and what may this user do there". This is the one
 * interface every host implements; Clipshare asks it before every management operation and
 * before opening a private share.
 *
 * <pre>{@code
 * AccessPolicy policy = new AccessPolicy() {
 *     public Optional<String> libraryOf(Target target) {
 *         return videos.findById(target.sourceId()).map(Video::teamId);
 *     }
 *     public Optional<Role> roleOf(Principal user, String libraryId) {
 *         return memberships.find(user.id(), libraryId).map(m -> m.isAdmin() ? Role.ADMIN : Role.EDITOR);
 *     }
 * };
 * }</pre>
 *
 * <p>Called on request threads, concurrently: implementations must be thread-safe and quick
 * (cache if the answer costs a round trip). Exceptions propagate to the caller.
 */
public interface AccessPolicy {

    /**
     * The library that owns the target, or empty when the host does not know the source (or the
     * segment). Unknown targets are answered as "not found".
     */
    Optional<String> libraryOf(Target target);

    /** The principal's role in the library, or empty when they are not a member. */
    Optional<Role> roleOf(Principal principal, String libraryId);
}
