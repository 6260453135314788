package dev.clipshare.redis;

import dev.clipshare.core.LinksPerTarget;
import dev.clipshare.core.PasswordHash;
import dev.clipshare.core.Principal;
import dev.clipshare.core.Share;
import dev.clipshare.core.ShareConflictException;
import dev.clipshare.core.ShareId;
import dev.clipshare.core.ShareQuery;
import dev.clipshare.core.StorageException;
import dev.clipshare.core.Target;
import dev.clipshare.core.TokenHash;
import dev.clipshare.core.Visibility;
import dev.clipshare.core.spi.Change;
import dev.clipshare.core.spi.PasswordAttempt;
import dev.clipshare.core.spi.ShareChanges;
import dev.clipshare.core.spi.LibrarySettingsStore;
import dev.clipshare.core.spi.ShareStore;
import dev.clipshare.core.spi.ViewerStore;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link ShareStore} on Redis, through one Lettuce connection.
 *
 * <pre>{@code
 * RedisClient client = RedisClient.create("redis://127.0.0.1:6379?timeout=2s");   // fail fast on the request path
 * ShareStore shares = new RedisShareStore(client.connect(), "clipshare:");
 * Sharing sharing = Sharing.builder().shareStore(shares) ... .build();
 * }</pre>
 *
 * <p><b>Data.</b> Every key starts with the key prefix {@code P}:
 * <ul>
 *   <li>{@code P share:<id>}: a hash with the share's fields (a missing field is {@code null});</li>
 *   <li>{@code P token:<token hash>}: the share id, for the one-lookup page view;</li>
 *   <li>{@code P idem:<creator id>}: a hash idempotency key → share id;</li>
 *   <li>{@code P shares:<target key>} and {@code P live:<target key>}: every share and the
 *       unrevoked shares of a target, as sorted sets whose members sort newest first
 *       (creation time as 16 hex digits, then the id);</li>
 *   <li>{@code P live-count:<target key>}: a hash {@code public}/{@code private} → how many
 *       unrevoked shares of that visibility the target has;</li>
 *   <li>{@code P library:<library id>}: a hash with the sharing switch.</li>
 * </ul>
 *
 * <p><b>Atomicity.</b> Every write that checks something, or touches more than one key, is one Lua
 * script, and Redis runs a script with no other command in between, whichever node sent it. So
 * the one-per-visibility rule and idempotency keys hold under concurrent inserts, a password
 * attempt is counted and the lock set in one step, and a credential version moves in the same
 * step as the update or revocation that demands it. Counters are {@code HINCRBY}. No Java lock
 * is involved. Transactions ({@code MULTI}/{@code WATCH}) are not used: they belong to a
 * connection, and Lettuce shares one connection between all threads.
 *
 * <p><b>Thread-safety.</b> Thread-safe; share one instance (and its connection) across the
 * application. Several nodes may use the same Redis with the same prefix. The connection is
 * the caller's to close. Lettuce's failures (connection refused, timeout) are thrown as
 * {@link StorageException}.
 *
 * <p><b>Redis Cluster.</b> Scripts derive some keys from the prefix (a share's token key from the
 * share), so all keys of one store must live in one hash slot: use a hash-tagged prefix such as
 * {@code "{clipshare}:"}.
 *
 * <p>Instants are stored at millisecond precision, the precision {@code Sharing} works at.
 */
public final class RedisShareStore implements ShareStore, ViewerStore, LibrarySettingsStore {
    private final StatefulRedisConnection<String, String> redis;
    private final String prefix;

    /**
     * @param redis     an open connection with string keys and values ({@code RedisClient.connect()})
     * @param keyPrefix starts every key this store writes, e.g. {@code "clipshare:"}; nodes that
     *                  share data use the same prefix
     */
    public RedisShareStore(StatefulRedisConnection<String, String> redis, String keyPrefix) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.prefix = RedisStores.checkPrefix(keyPrefix);
    }

    /** The prefix of every key of this store. */
    public String keyPrefix() {
        return prefix;
    }

    // ------------------------------------------------------------------ insert

    private static final LuaScript INSERT = new LuaScript("""
            local share, token, idem, all, live, liveCount = unpack(KEYS)
            local prefix, id, onePerVisibility, idempotencyKey, visibility, listKey, isLive, now = unpack(ARGV, 1, 8)
            -- a retry with the same idempotency key answers the share the first call created
            if idempotencyKey ~= '' then
              local existing = redis.call('HGET', idem, idempotencyKey)
              if existing then
                return {'existing', redis.call('HGETALL', prefix .. 'share:' .. existing)}
              end
            end
            -- at most one active (unrevoked, unexpired at now) share per target and visibility, when
            -- the policy says so; expired ones in the way are revoked in the same step
            if onePerVisibility == '1' and tonumber(redis.call('HGET', liveCount, visibility) or 0) > 0 then
              local expired = {}
              for _, member in ipairs(redis.call('ZRANGE', live, 0, -1)) do
                local otherId = string.sub(member, 17)
                local other = prefix .. 'share:' .. otherId
                local otherVisibility, expiresAt = unpack(redis.call('HMGET', other, 'visibility', 'expiresAt'))
                if otherVisibility == visibility then
                  if not expiresAt or tonumber(expiresAt) > tonumber(now) then
                    return {'conflict', otherId}
                  end
                  expired[#expired + 1] = {other, member}
                end
              end
              for _, e in ipairs(expired) do
                redis.call('HSET', e[1], 'revokedAt', now)
                redis.call('HINCRBY', e[1], 'credentialVersion', 1)
                redis.call('ZREM', live, e[2])
                if redis.call('HINCRBY', liveCount, visibility, -1) <= 0 then
                  redis.call('HDEL', liveCount, visibility)
                end
              end
            end
            if redis.call('EXISTS', share) == 1 or redis.call('EXISTS', token) == 1 then
              return {'duplicate'}
            end
            redis.call('HSET', share, unpack(ARGV, 9))
            redis.call('SET', token, id)
            if idempotencyKey ~= '' then
              redis.call('HSET', idem, idempotencyKey, id)
            end
            redis.call('ZADD', all, 0, listKey)
            if isLive == '1' then
              redis.call('ZADD', live, 0, listKey)
              redis.call('HINCRBY', liveCount, visibility, 1)
            end
            return {'inserted'}
            """);

    @Override
    public Share insert(Share share, LinksPerTarget policy) {
        Objects.requireNonNull(share, "share");
        Objects.requireNonNull(policy, "policy");
        List<String> args = new ArrayList<>(List.of(prefix, share.id().value(),
                policy == LinksPerTarget.ONE_PER_VISIBILITY ? "1" : "0",
                share.idempotencyKey() == null ? "" : share.idempotencyKey(),
                share.visibility().wireName(), listKey(share.createdAt(), share.id()), share.isRevoked() ? "0" : "1",
                Fields.millis(share.createdAt())));
        args.addAll(fieldsOf(share).pairs());
        List<Object> answer = INSERT.multi(redis, keys(shareKey(share.id()), tokenKey(share.tokenHash()),
                idempotencyKey(share.createdBy()), allKey(share.target()), liveKey(share.target()), liveCountKey(share.target())),
                args.toArray(String[]::new));
        return switch ((String) answer.get(0)) {
            case "inserted" -> share;
            case "existing" -> shareOf((List<?>) answer.get(1))
                    .orElseThrow(() -> new StorageException("idempotency key of share " + share.id() + " points at nothing"));
            case "conflict" -> throw new ShareConflictException("target " + share.target() + " already has an active "
                    + share.visibility().wireName() + " link: " + answer.get(1), new ShareId((String) answer.get(1)));
            default -> throw new ShareConflictException("share id or token already exists");
        };
    }

    // ------------------------------------------------------------------ find and list

    private static final LuaScript FIND_BY_TOKEN = new LuaScript("""
            local id = redis.call('GET', KEYS[1])
            if not id then return {} end
            return redis.call('HGETALL', ARGV[1] .. 'share:' .. id)
            """);

    @Override
    public Optional<Share> findById(ShareId id) {
        return shareOf(LuaScript.call(() -> redis.sync().hgetall(shareKey(id))));
    }

    @Override
    public Optional<Share> findByTokenHash(TokenHash hash) {
        return shareOf(FIND_BY_TOKEN.multi(redis, keys(tokenKey(hash)), prefix));
    }

    private static final LuaScript LIST = new LuaScript("""
            local members = redis.call('ZREVRANGEBYLEX', KEYS[1], ARGV[2], '-', 'LIMIT', 0, ARGV[3])
            local shares = {}
            for i, member in ipairs(members) do
              shares[i] = redis.call('HGETALL', ARGV[1] .. 'share:' .. string.sub(member, 17))
            end
            return shares
            """);

    @Override
    public List<Share> list(ShareQuery query) {
        String index = query.includeRevoked() ? allKey(query.target()) : liveKey(query.target());
        String from = query.after() == null ? "+" : "(" + listKey(query.after().createdAt(), query.after().id());
        List<Share> shares = new ArrayList<>();
        for (Object hash : LIST.multi(redis, keys(index), prefix, from, Integer.toString(query.limit()))) {
            shareOf((List<?>) hash).ifPresent(shares::add);
        }
        return shares;
    }

    // ------------------------------------------------------------------ update, revoke, delete

    private static final LuaScript UPDATE = new LuaScript("""
            if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
            local bump, count = ARGV[1], tonumber(ARGV[2])
            redis.call('HSET', KEYS[1], unpack(ARGV, 3, 2 + 2 * count))
            if #ARGV > 2 + 2 * count then
              redis.call('HDEL', KEYS[1], unpack(ARGV, 3 + 2 * count))
            end
            if bump == '1' then
              redis.call('HINCRBY', KEYS[1], 'credentialVersion', 1)
            end
            return redis.call('HGETALL', KEYS[1])
            """);

    @Override
    public Optional<Share> update(ShareId id, ShareChanges changes) {
        Fields set = Fields.create().put("updatedAt", changes.updatedAt());
        List<String> clear = new ArrayList<>();
        apply(changes.title(), "title", set, clear, v -> v);
        apply(changes.description(), "description", set, clear, v -> v);
        apply(changes.passwordHash(), "passwordHash", set, clear, PasswordHash::value);
        apply(changes.expiresAt(), "expiresAt", set, clear, Fields::millis);
        if (!changes.metadata().isKeep()) {
            set.put("metadata", changes.metadata().value());
        }
        if (!changes.allowDownload().isKeep()) {
            set.put("allowDownload", changes.allowDownload().value());
        }
        List<String> pairs = set.pairs();
        List<String> args = new ArrayList<>(List.of(changes.bumpCredentialVersion() ? "1" : "0", Integer.toString(pairs.size() / 2)));
        args.addAll(pairs);
        args.addAll(clear);
        return shareOf(UPDATE.multi(redis, keys(shareKey(id)), args.toArray(String[]::new)));
    }

    private static <T> void apply(Change<T> change, String field, Fields set, List<String> clear,
                                  Function<T, String> text) {
        switch (change.kind()) {
            case SET -> set.put(field, text.apply(change.value()));
            case CLEAR -> clear.add(field);
            case KEEP -> { }
        }
    }

    private static final LuaScript REVOKE = new LuaScript("""
            if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
            if redis.call('HEXISTS', KEYS[1], 'revokedAt') == 0 then
              local target, visibility, listKey = unpack(redis.call('HMGET', KEYS[1], 'target', 'visibility', 'listKey'))
              redis.call('HSET', KEYS[1], 'revokedAt', ARGV[2])
              redis.call('HINCRBY', KEYS[1], 'credentialVersion', 1)
              -- free the one-per-visibility slot in the same step
              redis.call('ZREM', ARGV[1] .. 'live:' .. target, listKey)
              if redis.call('HINCRBY', ARGV[1] .. 'live-count:' .. target, visibility, -1) <= 0 then
                redis.call('HDEL', ARGV[1] .. 'live-count:' .. target, visibility)
              end
            end
            return redis.call('HGETALL', KEYS[1])
            """);

    @Override
    public Optional<Share> revoke(ShareId id, Instant at) {
        return shareOf(REVOKE.multi(redis, keys(shareKey(id)), prefix, Fields.millis(at)));
    }

    private static final LuaScript DELETE = new LuaScript("""
            local tokenHash, creator, idempotencyKey, target, visibility, listKey, revokedAt = unpack(redis.call('HMGET',
                KEYS[1], 'tokenHash', 'createdById', 'idempotencyKey', 'target', 'visibility', 'listKey', 'revokedAt'))
            if not tokenHash then return 0 end
            local prefix = ARGV[1]
            redis.call('DEL', KEYS[1], prefix .. 'token:' .. tokenHash)
            if idempotencyKey then
              redis.call('HDEL', prefix .. 'idem:' .. creator, idempotencyKey)
            end
            redis.call('ZREM', prefix .. 'shares:' .. target, listKey)
            if not revokedAt then
              redis.call('ZREM', prefix .. 'live:' .. target, listKey)
              if redis.call('HINCRBY', prefix .. 'live-count:' .. target, visibility, -1) <= 0 then
                redis.call('HDEL', prefix .. 'live-count:' .. target, visibility)
              end
            end
            return 1
            """);

    @Override
    public boolean delete(ShareId id) {
        return DELETE.integer(redis, keys(shareKey(id)), prefix) == 1;
    }

    // ------------------------------------------------------------------ counters

    private static final LuaScript ADD_VIEWS = new LuaScript("""
            if redis.call('EXISTS', KEYS[1]) == 1 then
              redis.call('HINCRBY', KEYS[1], 'viewCount', ARGV[1])
            end
            return 0
            """);

    @Override
    public void addViews(ShareId id, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("view count to add must not be negative, was " + count);
        }
        // a script only so that a view of a share deleted a moment ago does not recreate its hash
        ADD_VIEWS.integer(redis, keys(shareKey(id)), Long.toString(count));
    }

    private static final LuaScript RESERVE_PASSWORD_ATTEMPT = new LuaScript("""
            -- KEYS[1] the share; ARGV: now, max failures, the lock's end if this attempt sets it (ms)
            if redis.call('EXISTS', KEYS[1]) == 0 then return {1, 1} end
            local now = tonumber(ARGV[1])
            local failures = tonumber(redis.call('HGET', KEYS[1], 'failedAttempts'))
            local lockedUntil = redis.call('HGET', KEYS[1], 'lockedUntil')
            if lockedUntil then
              if now < tonumber(lockedUntil) then
                return {0, failures, lockedUntil}        -- locked: no check allowed
              end
              failures = 0                               -- the lock is over: count afresh
              redis.call('HDEL', KEYS[1], 'lockedUntil')
            end
            failures = failures + 1
            redis.call('HSET', KEYS[1], 'failedAttempts', failures)
            if failures >= tonumber(ARGV[2]) then        -- the last attempt allowed sets the lock
              redis.call('HSET', KEYS[1], 'lockedUntil', ARGV[3])
              return {1, failures, ARGV[3]}
            end
            return {1, failures}
            """);

    @Override
    public PasswordAttempt reservePasswordAttempt(ShareId id, Instant now, int maxFailures, Duration lockout) {
        List<Object> a = RESERVE_PASSWORD_ATTEMPT.multi(redis, keys(shareKey(id)),
                Fields.millis(now), Integer.toString(maxFailures), Fields.millis(now.plus(lockout)));
        int failures = ((Long) a.get(1)).intValue();
        Instant lockedUntil = a.size() > 2 ? Instant.ofEpochMilli(Long.parseLong((String) a.get(2))) : null;
        return (Long) a.get(0) == 1 ? PasswordAttempt.permitted(failures, lockedUntil) : PasswordAttempt.locked(failures, lockedUntil);
    }

    private static final LuaScript CLEAR_PASSWORD_FAILURES = new LuaScript("""
            if redis.call('EXISTS', KEYS[1]) == 1 then
              redis.call('HSET', KEYS[1], 'failedAttempts', 0)
              redis.call('HDEL', KEYS[1], 'lockedUntil')
            end
            return 0
            """);

    @Override
    public void clearPasswordFailures(ShareId id) {
        CLEAR_PASSWORD_FAILURES.integer(redis, keys(shareKey(id)));
    }

    // ------------------------------------------------------------------ library switch

    @Override
    public boolean isSharingEnabled(String libraryId) {
        return "1".equals(LuaScript.call(() -> redis.sync().hget(libraryKey(libraryId), "sharingEnabled")));
    }

    @Override
    public void setSharingEnabled(String libraryId, boolean enabled, Instant at) {
        // one HSET writes both fields atomically
        Fields fields = Fields.create().put("sharingEnabled", enabled).put("updatedAt", at);
        LuaScript.call(() -> redis.sync().hset(libraryKey(libraryId), fields.map()));
    }

    // ------------------------------------------------------------------ keys and fields

    private String shareKey(ShareId id) {
        return prefix + "share:" + id.value();
    }

    private String tokenKey(TokenHash hash) {
        return prefix + "token:" + hash.hex();
    }

    private String idempotencyKey(Principal creator) {
        return prefix + "idem:" + creator.id();
    }

    private String allKey(Target target) {
        return prefix + "shares:" + target.key();
    }

    private String liveKey(Target target) {
        return prefix + "live:" + target.key();
    }

    private String liveCountKey(Target target) {
        return prefix + "live-count:" + target.key();
    }

    private String libraryKey(String libraryId) {
        return prefix + "library:" + Objects.requireNonNull(libraryId, "libraryId");
    }

    /**
     * A member of the per-target sorted sets. All members have score 0, so Redis orders them by
     * their bytes: the creation time first (16 hex digits of the epoch milliseconds with the sign
     * bit flipped, so earlier is smaller even before 1970), then the id. Read backwards, that is
     * newest first, ties broken by the id descending, which is the order {@code list} promises.
     */
    private static String listKey(Instant createdAt, ShareId id) {
        return String.format("%016x", createdAt.toEpochMilli() ^ Long.MIN_VALUE) + id.value();
    }

    private static String[] keys(String... keys) {
        return keys;
    }

    private static Fields fieldsOf(Share s) {
        return Fields.create()
                .put("id", s.id().value())
                .put("tokenHash", s.tokenHash().hex())
                .put("sealedToken", s.sealedToken())
                .put("libraryId", s.libraryId())
                .put("target", s.target().key())
                .put("visibility", s.visibility().wireName())
                .put("title", s.title())
                .put("description", s.description())
                .put("metadata", s.metadata())
                .put("passwordHash", s.passwordHash() == null ? null : s.passwordHash().value())
                .put("allowDownload", s.allowDownload())
                .put("expiresAt", s.expiresAt())
                .put("createdById", s.createdBy().id())
                .put("createdByName", s.createdBy().name())
                .put("createdAt", s.createdAt())
                .put("updatedAt", s.updatedAt())
                .put("revokedAt", s.revokedAt())
                .put("credentialVersion", s.credentialVersion())
                .put("viewCount", s.viewCount())
                .put("failedAttempts", s.failedAttempts())
                .put("lockedUntil", s.lockedUntil())
                .put("idempotencyKey", s.idempotencyKey())
                .put("listKey", listKey(s.createdAt(), s.id()));
    }

    private static Optional<Share> shareOf(List<?> hgetall) {
        return shareOf(Fields.of(hgetall));
    }

    private static Optional<Share> shareOf(Map<String, String> hgetall) {
        return shareOf(Fields.of(hgetall));
    }

    private static Optional<Share> shareOf(Fields f) {
        if (f.isEmpty()) {
            return Optional.empty();
        }
        String password = f.string("passwordHash");
        return Optional.of(new Share(
                new ShareId(f.string("id")),
                new TokenHash(f.string("tokenHash")),
                f.string("sealedToken"),
                f.string("libraryId"),
                Target.fromKey(f.string("target")),
                Visibility.fromWireName(f.string("visibility")),
                f.string("title"),
                f.string("description"),
                f.map("metadata"),
                password == null ? null : new PasswordHash(password),
                f.flag("allowDownload"),
                f.instant("expiresAt"),
                new Principal(f.string("createdById"), f.string("createdByName")),
                f.instant("createdAt"),
                f.instant("updatedAt"),
                f.instant("revokedAt"),
                f.number("credentialVersion"),
                f.number("viewCount"),
                f.integer("failedAttempts"),
                f.instant("lockedUntil"),
                f.string("idempotencyKey")));
    }
}
