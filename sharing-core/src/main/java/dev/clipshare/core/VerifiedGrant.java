package dev.clipshare.core;

import java.time.Instant;

/**
 * A grant that {@link Sharing#verifyGrant} accepted: it is authentic, unexpired, and its share is
 * live with the same credentials. Hosts use it to authorise their own resources for share
 * viewers (for example comments on the shared clip).
 *
 * @param shareId   the share
 * @param target    what the share opens
 * @param libraryId the share's library
 * @param expiresAt when the grant ends
 */
public record VerifiedGrant(ShareId shareId, Target target, String libraryId, Instant expiresAt) { }
