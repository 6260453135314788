package dev.clipshare.redis;

import dev.clipshare.core.ClipRange;
import dev.clipshare.core.Export;
import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.ExportId;
import dev.clipshare.core.ExportStatus;
import dev.clipshare.core.StorageException;
import dev.clipshare.core.Target;
import dev.clipshare.core.spi.CompletionOutcome;
import dev.clipshare.core.spi.ExportJobStore;
import dev.clipshare.core.spi.ExportStore;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link ExportStore} on Redis, through one Lettuce connection: export versions and the job
 * queue that workers on several nodes drain.
 *
 * <pre>{@code
 * RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
 * ExportStore exports = new RedisExportStore(client.connect(), "clipshare:");
 * Sharing sharing = Sharing.builder().exportStore(exports) ... .build();
 * }</pre>
 *
 * <p><b>Data.</b> Every key starts with the key prefix {@code P}:
 * <ul>
 *   <li>{@code P export:<id>}: a hash with the export's fields (a missing field is {@code null});</li>
 *   <li>{@code P exports:<target key>}: a hash per target: {@code latest} (the version counter),
 *       {@code latestCompleted}, and {@code v1}, {@code v2}… → export id;</li>
 *   <li>{@code P export-queue}: a sorted set of the jobs not yet finished (pending or
 *       processing), oldest first: scored by creation time, ties in the order they were queued
 *       (the member is a 20-digit sequence number from {@code P export-seq}, then the id).</li>
 * </ul>
 *
 * <p><b>Atomicity.</b> Each method that changes a job is one Lua script, which Redis runs with no
 * other command in between, whichever node sent it:
 * <ul>
 *   <li>{@link #enqueue}: the next version is a {@code HINCRBY} of the target's counter, in the
 *       same script that writes the job and queues it;</li>
 *   <li>{@link #claim}: walks the queue from the oldest job and takes the first that is pending or
 *       whose lease ended before {@code now}, so two workers never get the same job;</li>
 *   <li>{@link #heartbeat}, {@link #complete}, {@link #fail}, {@link #release}: act only when the
 *       job is processing and leased by the caller; {@link #complete} compares the job's version
 *       with the target's counter in the same step, and marks a stale job failed
 *       ({@link CompletionOutcome#SUPERSEDED}) instead of completing it.</li>
 * </ul>
 * A claim looks past jobs whose lease still runs; there are at most as many as there are
 * workers, so a claim stays cheap whatever the length of the queue.
 *
 * <p><b>Thread-safety.</b> Thread-safe; share one instance across the application. Several nodes
 * may use the same Redis with the same prefix. The connection is the caller's to close. Lettuce's
 * failures are thrown as {@link StorageException}. For Redis Cluster use a hash-tagged prefix
 * (see {@link RedisShareStore}).
 */
public final class RedisExportStore implements ExportStore, ExportJobStore {
    private final StatefulRedisConnection<String, String> redis;
    private final String prefix;

    /**
     * @param redis     an open connection with string keys and values ({@code RedisClient.connect()})
     * @param keyPrefix starts every key this store writes, e.g. {@code "clipshare:"}; nodes that
     *                  share one queue use the same prefix
     */
    public RedisExportStore(StatefulRedisConnection<String, String> redis, String keyPrefix) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.prefix = RedisStores.checkPrefix(keyPrefix);
    }

    /** The prefix of every key of this store. */
    public String keyPrefix() {
        return prefix;
    }

    // ------------------------------------------------------------------ versions

    private static final LuaScript ENQUEUE = new LuaScript("""
            local job, versions, queue, seq = unpack(KEYS)
            local id, createdAt = ARGV[1], ARGV[2]
            local version = redis.call('HINCRBY', versions, 'latest', 1)
            local member = string.format('%020d', redis.call('INCR', seq)) .. id
            redis.call('HSET', job, 'version', version, 'queued', member, unpack(ARGV, 3))
            redis.call('HSET', versions, 'v' .. version, id)
            redis.call('ZADD', queue, createdAt, member)
            return version
            """);

    @Override
    public Export enqueue(Target target, ClipRange range, Instant now) {
        Objects.requireNonNull(target, "target");
        ExportId id = ExportId.random();
        Fields fields = Fields.create()
                .put("id", id.value())
                .put("target", target.key())
                .put("rangeStart", range == null ? null : Long.toString(range.start().toMillis()))
                .put("rangeEnd", range == null ? null : Long.toString(range.end().toMillis()))
                .put("status", ExportStatus.PENDING.name())
                .put("progress", 0)
                .put("attempts", 0)
                .put("createdAt", now)
                .put("updatedAt", now);
        List<String> args = new ArrayList<>(List.of(id.value(), Fields.millis(now)));
        args.addAll(fields.pairs());
        long version = ENQUEUE.integer(redis, keys(exportKey(id), versionsKey(target), queueKey(), prefix + "export-seq"),
                args.toArray(String[]::new));
        return new Export(id, target, version, range, ExportStatus.PENDING, 0, null, null, 0, null, null, now, now, null);
    }

    @Override
    public Optional<Export> find(ExportId id) {
        return exportOf(Fields.of(LuaScript.call(() -> redis.sync().hgetall(exportKey(id)))));
    }

    private static final LuaScript FIND_VERSION = new LuaScript("""
            -- ARGV[2]: a version number, or 'latest' or 'latestCompleted'
            local version = ARGV[2]
            if version == 'latest' or version == 'latestCompleted' then
              version = redis.call('HGET', KEYS[1], version)
              if not version then return {} end
            end
            local id = redis.call('HGET', KEYS[1], 'v' .. version)
            if not id then return {} end
            return redis.call('HGETALL', ARGV[1] .. 'export:' .. id)
            """);

    @Override
    public Optional<Export> findVersion(Target target, long version) {
        return findVersion(target, Long.toString(version));
    }

    @Override
    public Optional<Export> latest(Target target) {
        return findVersion(target, "latest");
    }

    @Override
    public Optional<Export> latestCompleted(Target target) {
        return findVersion(target, "latestCompleted");
    }

    private Optional<Export> findVersion(Target target, String which) {
        return exportOf(Fields.of(FIND_VERSION.multi(redis, keys(versionsKey(target)), prefix, which)));
    }

    // ------------------------------------------------------------------ the queue

    private static final LuaScript CLAIM = new LuaScript("""
            local prefix, now, leaseUntil, worker = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
            local from = 0
            while true do
              local members = redis.call('ZRANGE', KEYS[1], from, from + 99)
              if #members == 0 then return {} end
              for _, member in ipairs(members) do
                local job = prefix .. 'export:' .. string.sub(member, 21)
                local status, lease = unpack(redis.call('HMGET', job, 'status', 'leaseUntil'))
                if status == 'PENDING' or (status == 'PROCESSING' and tonumber(lease) < now) then
                  redis.call('HSET', job, 'status', 'PROCESSING', 'progress', 0, 'leaseOwner', worker,
                      'leaseUntil', leaseUntil, 'updatedAt', ARGV[2])
                  redis.call('HINCRBY', job, 'attempts', 1)
                  return redis.call('HGETALL', job)
                end
              end
              from = from + 100
            end
            """);

    @Override
    public Optional<Export> claim(String workerId, Instant now, Duration lease) {
        Objects.requireNonNull(workerId, "workerId");
        return exportOf(Fields.of(CLAIM.multi(redis, keys(queueKey()), prefix, Fields.millis(now),
                Fields.millis(now.plus(lease)), workerId)));
    }

    private static final LuaScript HEARTBEAT = new LuaScript("""
            local status, owner, progress = unpack(redis.call('HMGET', KEYS[1], 'status', 'leaseOwner', 'progress'))
            if status ~= 'PROCESSING' or owner ~= ARGV[1] then return 0 end
            redis.call('HSET', KEYS[1], 'progress', math.max(tonumber(progress), tonumber(ARGV[2])),
                'leaseUntil', ARGV[4], 'updatedAt', ARGV[3])
            return 1
            """);

    @Override
    public boolean heartbeat(ExportId id, String workerId, int progress, Instant now, Duration lease) {
        Objects.requireNonNull(workerId, "workerId");
        if (progress < 0 || progress > 100) {
            throw new IllegalArgumentException("progress must be 0..100, was " + progress);
        }
        return HEARTBEAT.integer(redis, keys(exportKey(id)), workerId, Integer.toString(progress),
                Fields.millis(now), Fields.millis(now.plus(lease))) == 1;
    }

    private static final LuaScript COMPLETE = new LuaScript("""
            local job, queue = KEYS[1], KEYS[2]
            local prefix, worker, now = ARGV[1], ARGV[2], ARGV[3]
            local status, owner, target, version, member = unpack(redis.call('HMGET', job,
                'status', 'leaseOwner', 'target', 'version', 'queued'))
            if status ~= 'PROCESSING' or owner ~= worker then return 'LEASE_LOST' end
            local versions = prefix .. 'exports:' .. target
            local newest = redis.call('HGET', versions, 'latest')
            redis.call('ZREM', queue, member)
            redis.call('HDEL', job, 'leaseOwner', 'leaseUntil', 'queued')
            -- a newer version was requested meanwhile: this result must never be served
            if tonumber(newest) > tonumber(version) then
              redis.call('HSET', job, 'status', 'FAILED', 'failureReason', 'superseded by version ' .. newest,
                  'updatedAt', now, 'completedAt', now)
              return 'SUPERSEDED'
            end
            redis.call('HDEL', job, 'failureReason')
            redis.call('HSET', job, 'status', 'COMPLETED', 'progress', 100, 'updatedAt', now, 'completedAt', now,
                unpack(ARGV, 4))
            if tonumber(redis.call('HGET', versions, 'latestCompleted') or 0) < tonumber(version) then
              redis.call('HSET', versions, 'latestCompleted', version)
            end
            return 'COMPLETED'
            """);

    @Override
    public CompletionOutcome complete(ExportId id, String workerId, ExportArtifacts artifacts, Instant now) {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(artifacts, "artifacts");
        List<String> args = new ArrayList<>(List.of(prefix, workerId, Fields.millis(now)));
        args.addAll(Fields.create()
                .put("duration", artifacts.duration())
                .put("width", artifacts.width())
                .put("height", artifacts.height())
                .put("clipBytes", artifacts.clipBytes())
                .put("videoCodec", artifacts.videoCodec())
                .put("audioCodec", artifacts.audioCodec())
                .put("hasHls", artifacts.hasHls())
                .pairs());
        return CompletionOutcome.valueOf(COMPLETE.value(redis, keys(exportKey(id), queueKey()), args.toArray(String[]::new)));
    }

    private static final LuaScript FAIL = new LuaScript("""
            local job, queue = KEYS[1], KEYS[2]
            local worker, now, retry, hasReason, reason = unpack(ARGV)
            local status, owner, member = unpack(redis.call('HMGET', job, 'status', 'leaseOwner', 'queued'))
            if status ~= 'PROCESSING' or owner ~= worker then return 0 end
            redis.call('HDEL', job, 'leaseOwner', 'leaseUntil', 'failureReason')
            if hasReason == '1' then
              redis.call('HSET', job, 'failureReason', reason)
            end
            if retry == '1' then
              redis.call('HSET', job, 'status', 'PENDING', 'progress', 0, 'updatedAt', now)
            else
              redis.call('HSET', job, 'status', 'FAILED', 'updatedAt', now, 'completedAt', now)
              redis.call('HDEL', job, 'queued')
              redis.call('ZREM', queue, member)
            end
            return 1
            """);

    @Override
    public boolean fail(ExportId id, String workerId, String reason, Instant now, boolean retry) {
        Objects.requireNonNull(workerId, "workerId");
        return FAIL.integer(redis, keys(exportKey(id), queueKey()), workerId, Fields.millis(now), retry ? "1" : "0",
                reason == null ? "0" : "1", reason == null ? "" : reason) == 1;
    }

    private static final LuaScript RELEASE = new LuaScript("""
            local status, owner, attempts = unpack(redis.call('HMGET', KEYS[1], 'status', 'leaseOwner', 'attempts'))
            if status ~= 'PROCESSING' or owner ~= ARGV[1] then return 0 end
            redis.call('HDEL', KEYS[1], 'leaseOwner', 'leaseUntil')
            -- give back the attempt the claim counted
            redis.call('HSET', KEYS[1], 'status', 'PENDING', 'progress', 0, 'updatedAt', ARGV[2],
                'attempts', math.max(0, tonumber(attempts) - 1))
            return 1
            """);

    @Override
    public boolean release(ExportId id, String workerId, Instant now) {
        Objects.requireNonNull(workerId, "workerId");
        return RELEASE.integer(redis, keys(exportKey(id)), workerId, Fields.millis(now)) == 1;
    }

    // ------------------------------------------------------------------ keys and fields

    private String exportKey(ExportId id) {
        return prefix + "export:" + id.value();
    }

    private String versionsKey(Target target) {
        return prefix + "exports:" + target.key();
    }

    private String queueKey() {
        return prefix + "export-queue";
    }

    private static String[] keys(String... keys) {
        return keys;
    }

    private static Optional<Export> exportOf(Fields f) {
        if (f.isEmpty()) {
            return Optional.empty();
        }
        ClipRange range = f.string("rangeStart") == null ? null
                : ClipRange.ofMillis(f.number("rangeStart"), f.number("rangeEnd"));
        ExportArtifacts artifacts = f.string("duration") == null ? null
                : new ExportArtifacts(f.duration("duration"), f.integer("width"), f.integer("height"),
                        f.number("clipBytes"), f.string("videoCodec"), f.string("audioCodec"), f.flag("hasHls"));
        return Optional.of(new Export(
                new ExportId(f.string("id")),
                Target.fromKey(f.string("target")),
                f.number("version"),
                range,
                ExportStatus.valueOf(f.string("status")),
                f.integer("progress"),
                artifacts,
                f.string("failureReason"),
                f.integer("attempts"),
                f.string("leaseOwner"),
                f.instant("leaseUntil"),
                f.instant("createdAt"),
                f.instant("updatedAt"),
                f.instant("completedAt")));
    }
}
