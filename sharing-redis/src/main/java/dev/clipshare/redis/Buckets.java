package dev.clipshare.redis;

import dev.clipshare.core.RateLimit;
import io.lettuce.core.RedisException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * The limiter's token buckets: one Lua script per decision over the limiter's connection, timed
 * by the injected clock, each call bounded by the command timeout. Thread-safe.
 *
 * <p>Exactness: Lua's numbers are doubles, exact for integers up to 2<sup>53</sup>, so a bucket
 * is counted in integer units (see {@link Scale}) and the script never computes a number past
 * that bound. Nothing is rounded, whatever the limit: an accepted limit counts exactly.
 */
final class Buckets implements AutoCloseable {
    /** The largest integer every number of the script may reach: doubles hold every integer up to it. */
    static final long MAX_EXACT = 1L << 53;

    /*
     * KEYS[1]: the bucket. ARGV: 'take' or 'give'; now (ms, the node's clock); then the limit of this
     * call, in units (Scale): capacity, units per token, units of refill per ms; then keepFullFor (ms).
     * The bucket is a string "units stamp": its content at the instant stamp. It holds no limit:
     * every call counts with the limit it passes, and content past that capacity is capped, so a
     * changed limit applies at once. A missing bucket, or a value in another format (the former
     * "units stamp capacity perToken perMs", anything else), is a full one.
     * Answers 0 when the token was taken (or given back), else the milliseconds until one is back.
     * A refusal writes nothing: the stored content refills to the same value later.
     */
    private static final LuaScript SCRIPT = new LuaScript("""
            -- ceil(a / b), exact: a double division may be off by one near 2^53, the products are not
            local function ceil_div(a, b)
              local q = math.ceil(a / b)
              if q * b < a then return q + 1 end
              if (q - 1) * b >= a then return q - 1 end
              return q
            end
            local now = tonumber(ARGV[2])
            local cap, per_token, per_ms = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
            local units, stamp = cap, now
            local stored = redis.call('GET', KEYS[1])
            local space = stored and string.find(stored, ' ', 1, true)
            if space then
              local u, t = tonumber(string.sub(stored, 1, space - 1)), tonumber(string.sub(stored, space + 1))
              -- else not a bucket of this format: units a whole number (capped below), the stamp an
              -- integer within 2^53 (an infinite one would stop the refill); NaN fails every comparison
              if u and t and u >= 0 and u % 1 == 0 and t >= -9007199254740992 and t <= 9007199254740992 and t % 1 == 0 then
                -- what the bucket held, up to the capacity of the limit passed now
                units, stamp = math.min(cap, u), t
                -- a clock behind the stamp adds nothing and leaves the stamp where it is; time past
                -- the refill of a whole bucket adds nothing either (and so cannot overflow)
                local elapsed = now - stamp
                if elapsed > 0 then
                  units = math.min(cap, units + math.min(elapsed, ceil_div(cap, per_ms)) * per_ms)
                  stamp = now
                end
              end
            end
            if ARGV[1] == 'take' then
              if units < per_token then
                return math.max(1, ceil_div(per_token - units, per_ms))
              end
              units = units - per_token
            else
              units = math.min(cap, units + per_token)
            end
            local ttl = ceil_div(cap - units, per_ms) + tonumber(ARGV[6])
            if ttl > 0 then
              -- numbers go to Redis as strings, and Lua's own conversion would write 1e+15 for 10^15
              redis.call('SET', KEYS[1], string.format('%.0f %.0f', units, stamp), 'PX', string.format('%.0f', ttl))
            else
              redis.call('DEL', KEYS[1])
            end
            return 0
            """);

    /**
     * A limit in the script's integer units: one token is {@code perToken} units, a millisecond
     * refills {@code perMs} units, a full bucket holds {@code capacity} units. A whole bucket
     * refills in {@code fullMs} (the period, rounded up to a millisecond), so the largest number
     * the script computes is {@code capacity + fullMs × perMs}; a limit is accepted when that is at
     * most 2<sup>53</sup>.
     *
     * <p>The bucket in Redis holds units and no limit, so the size of a unit must not depend on
     * the capacity: then a bucket keeps its tokens when the capacity changes. So one token is the
     * period, counted in milliseconds (in nanoseconds when the period is no whole number of them),
     * as in the JDBC limiter: {@code perToken = period}, {@code perMs = capacity} (× 10<sup>6</sup>
     * in nanoseconds). Only a limit too large for that ({@code capacity × period} past
     * 2<sup>52</sup>) is counted in the refill rate's lowest terms, {@code perMs / perToken} tokens
     * per millisecond, which fits larger limits whose capacity and period share factors; such a
     * bucket's units change size with its capacity.
     */
    record Scale(long capacity, long perToken, long perMs) {
        /** The scale of {@code limit}; throws {@link IllegalArgumentException} when it would not be exact. */
        static Scale of(RateLimit limit) {
            long tokens = limit.capacity();
            Duration period = limit.period();
            try {
                // the period in ms when it is a whole number of them (the usual case), else in ns
                boolean wholeMs = period.getNano() % 1_000_000 == 0;
                long periodUnits = wholeMs ? period.toMillis() : period.toNanos();
                long unitsPerMs = wholeMs ? 1 : 1_000_000;
                Scale byPeriod = tokens <= Long.MAX_VALUE / unitsPerMs ? exact(tokens, periodUnits, tokens * unitsPerMs) : null;
                if (byPeriod != null) {
                    return byPeriod;
                }
                // tokens per ms = tokens × unitsPerMs / periodUnits, reduced
                long g = gcd(tokens, periodUnits);
                long num = tokens / g;
                long den = periodUnits / g;
                long h = gcd(unitsPerMs, den);
                long perMs = Math.multiplyExact(num, unitsPerMs / h);
                long perToken = den / h;
                Scale reduced = exact(tokens, perToken, perMs);
                if (reduced != null) {
                    return reduced;
                }
            } catch (ArithmeticException tooLarge) {
                // falls through to the refusal
            }
            throw new IllegalArgumentException("rate limit " + limit + " cannot be counted exactly by the Redis limiter:"
                    + " its bucket would need integers past 2^53 (keep capacity × period in ms at most 2^52,"
                    + " e.g. at most 75 billion per minute)");
        }

        /** {@code tokens} of {@code perToken} units refilled by {@code perMs} a ms, or null when the script would compute past 2^53. */
        private static Scale exact(long tokens, long perToken, long perMs) {
            try {
                long capacity = Math.multiplyExact(tokens, perToken);
                long fullMs = capacity / perMs + (capacity % perMs == 0 ? 0 : 1);
                return Math.addExact(capacity, Math.multiplyExact(fullMs, perMs)) <= MAX_EXACT ? new Scale(capacity, perToken, perMs) : null;
            } catch (ArithmeticException tooLarge) {
                return null;
            }
        }

        private static long gcd(long a, long b) {
            while (b != 0) {
                long r = a % b;
                a = b;
                b = r;
            }
            return a;
        }
    }

    private static final byte[] TAKE = "take".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GIVE = "give".getBytes(StandardCharsets.US_ASCII);

    private final Connections connections;
    private final Clock clock;
    private final byte[] keepFullForMs;

    Buckets(Connections connections, Clock clock, Duration keepFullFor) {
        this.connections = connections;
        this.clock = clock;
        this.keepFullForMs = ascii(saturatedMillis(keepFullFor));
    }

    /**
     * Sends the taking of one token from the bucket {@code key}; its {@code await()} answers 0 when
     * it was taken, else the milliseconds (at least 1) until one is back.
     */
    LuaScript.Sent<byte[], byte[], Long> take(String key, Scale scale) {
        return send(TAKE, key, scale);
    }

    /** Gives one token back to the bucket {@code key}, never past its capacity. */
    void giveBack(String key, Scale scale) {
        send(GIVE, key, scale).await();
    }

    private LuaScript.Sent<byte[], byte[], Long> send(byte[] operation, String key, Scale scale) {
        byte[][] args = {operation, ascii(clock.millis()), ascii(scale.capacity()), ascii(scale.perToken()),
                ascii(scale.perMs()), keepFullForMs};
        return SCRIPT.sendInteger(connections.get(), new byte[][] {key.getBytes(StandardCharsets.UTF_8)}, args);
    }

    private static byte[] ascii(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    /** A keepFullFor of more than 2^52 ms (140,000 years) is as good as forever, and keeps the script's sums in range. */
    private static long saturatedMillis(Duration d) {
        return d.compareTo(Duration.ofMillis(MAX_EXACT / 2)) > 0 ? MAX_EXACT / 2 : d.toMillis();
    }

    /** Whether {@code e} says Redis could not answer (down, slow, refusing), as opposed to a bug. */
    static boolean isBackendFailure(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof RedisException || c instanceof RedisUnavailableException
                    || c instanceof TimeoutException || c instanceof CancellationException) {
                return true;
            }
        }
        return false;
    }

    /** A one-line account of a failure for logs and exception messages: the innermost message. */
    static String describe(Throwable e) {
        Throwable last = e;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c.getMessage() != null) {
                last = c;
            }
        }
        return last.getClass().getSimpleName() + ": " + last.getMessage();
    }

    @Override
    public void close() {
        connections.close();
    }
}
