package dev.clipshare.testkit;

import dev.clipshare.core.PasswordHash;
import dev.clipshare.core.Principal;
import dev.clipshare.core.Share;
import dev.clipshare.core.ShareId;
import dev.clipshare.core.ShareToken;
import dev.clipshare.core.Target;
import dev.clipshare.core.Visibility;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * Builds {@link Share} records for store tests, with fresh random ids and tokens and sensible
 * defaults. Not thread-safe (build one share per builder).
 *
 * <pre>{@code
 * Share share = TestShares.share(Target.source("video-1")).visibility(Visibility.PRIVATE).build();
 * }</pre>
 */
public final class TestShares {
    /** A fixed bcrypt-shaped hash, so store tests need not run bcrypt (stores never check passwords). */
    public static final PasswordHash SAMPLE_HASH = new PasswordHash("$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy");

    private ShareId id = ShareId.random();
    private ShareToken token = ShareToken.generate();
    private String libraryId = "library-" + UUID.randomUUID();
    private Target target;
    private Visibility visibility = Visibility.PUBLIC;
    private String title = "A clip";
    private String description;
    private Map<String, String> metadata = Map.of();
    private PasswordHash passwordHash;
    private boolean allowDownload;
    private Instant expiresAt;
    private Principal createdBy = new Principal("user-" + UUID.randomUUID(), "Ada Lovelace");
    private Instant createdAt = Instant.parse("2026-01-01T00:00:00Z");
    private String idempotencyKey;

    private TestShares(Target target) {
        this.target = target;
    }

    /** A share of {@code target}. */
    public static TestShares share(Target target) {
        return new TestShares(target);
    }

    /** A share of a fresh random source. */
    public static TestShares share() {
        return new TestShares(randomTarget());
    }

    /** A whole-source target with a random id. */
    public static Target randomTarget() {
        return Target.source("video-" + UUID.randomUUID());
    }

    public TestShares id(ShareId v) { id = v; return this; }
    public TestShares token(ShareToken v) { token = v; return this; }
    public TestShares library(String v) { libraryId = v; return this; }
    public TestShares visibility(Visibility v) { visibility = v; return this; }
    public TestShares title(String v) { title = v; return this; }
    public TestShares description(String v) { description = v; return this; }
    public TestShares metadata(Map<String, String> v) { metadata = v; return this; }
    public TestShares passwordHash(PasswordHash v) { passwordHash = v; return this; }
    public TestShares allowDownload(boolean v) { allowDownload = v; return this; }
    public TestShares expiresAt(Instant v) { expiresAt = v; return this; }
    public TestShares createdBy(Principal v) { createdBy = v; return this; }
    public TestShares createdAt(Instant v) { createdAt = v.truncatedTo(ChronoUnit.MILLIS); return this; }
    public TestShares idempotencyKey(String v) { idempotencyKey = v; return this; }

    /** The token of the share being built (stores never see it; tests look shares up by its hash). */
    public ShareToken token() {
        return token;
    }

    public Share build() {
        return new Share(id, token.hash(), "s1.sealed-" + id.value(), libraryId, target, visibility, title, description,
                metadata, passwordHash, allowDownload, expiresAt, createdBy, createdAt, createdAt, null, 0, 0, 0, null,
                idempotencyKey);
    }
}
