package dev.clipshare.redis;

import dev.clipshare.core.StorageException;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One Lua script, run with {@code EVALSHA} and sent in full ({@code EVAL}, which also caches it)
 * only when the server does not know it yet: after a restart, a failover or {@code SCRIPT FLUSH}.
 *
 * <p>Redis runs a script as one atomic step: no other command of any client runs in between.
 * That is how the stores keep every check-then-write promise of the SPI across nodes.
 */
final class LuaScript {
    private final String text;
    private final String sha1;

    LuaScript(String text) {
        this.text = text;
        this.sha1 = sha1(text);
    }

    /** Runs the script; a Lua table comes back as a list (nested tables as nested lists), nil entries as {@code null}. */
    List<Object> multi(StatefulRedisConnection<String, String> redis, String[] keys, String... args) {
        return run(redis, ScriptOutputType.MULTI, keys, args);
    }

    /** Runs a script that answers a string (or nil). */
    String value(StatefulRedisConnection<String, String> redis, String[] keys, String... args) {
        return run(redis, ScriptOutputType.VALUE, keys, args);
    }

    /** Runs a script that answers an integer. */
    long integer(StatefulRedisConnection<String, String> redis, String[] keys, String... args) {
        Long answer = run(redis, ScriptOutputType.INTEGER, keys, args);
        return answer;
    }

    /*
     * Sent on the asynchronous API and waited for here: Lettuce's synchronous API is a reflective
     * proxy over the asynchronous one that does exactly this wait (awaitOrCancel), at a cost per
     * call. So the behaviour is the synchronous API's: the wait is bounded by the connection's
     * timeout; at its end the command is cancelled and RedisCommandTimeoutException thrown; an
     * error reply is thrown as its RedisException (NOSCRIPT as RedisNoScriptException); an
     * interrupted wait sets the thread's interrupt flag and throws RedisCommandInterruptedException.
     */
    private <T> T run(StatefulRedisConnection<String, String> redis, ScriptOutputType type, String[] keys, String[] args) {
        return this.<String, String, T>send(redis, type, keys, args).await();
    }

    /**
     * Sends a script that answers an integer, without waiting: {@link Sent#await} waits as
     * {@link #integer} does. Any codec: the limiter sends bytes it encoded once.
     */
    <K, V> Sent<K, V, Long> sendInteger(StatefulRedisConnection<K, V> redis, K[] keys, V[] args) {
        return send(redis, ScriptOutputType.INTEGER, keys, args);
    }

    private <K, V, T> Sent<K, V, T> send(StatefulRedisConnection<K, V> redis, ScriptOutputType type, K[] keys, V[] args) {
        return new Sent<>(redis, type, keys, args, call(() -> redis.async().<T>evalsha(sha1, type, keys, args)));
    }

    /** A script sent with {@code EVALSHA} and not yet waited for. Await it once. */
    final class Sent<K, V, T> {
        private final StatefulRedisConnection<K, V> redis;
        private final ScriptOutputType type;
        private final K[] keys;
        private final V[] args;
        private final RedisFuture<T> answer;

        private Sent(StatefulRedisConnection<K, V> redis, ScriptOutputType type, K[] keys, V[] args, RedisFuture<T> answer) {
            this.redis = redis;
            this.type = type;
            this.keys = keys;
            this.args = args;
            this.answer = answer;
        }

        /** Whether the answer (or failure) is in. */
        boolean isDone() {
            return answer.isDone();
        }

        /** The answer; the whole script is sent ({@code EVAL}) when Redis does not know it. */
        T await() {
            return call(() -> {
                long timeoutNanos = redis.getTimeout().toNanos();
                try {
                    return LettuceFutures.awaitOrCancel(answer, timeoutNanos, TimeUnit.NANOSECONDS);
                } catch (RedisNoScriptException e) {
                    return LettuceFutures.awaitOrCancel(redis.async().<T>eval(text, type, keys, args), timeoutNanos, TimeUnit.NANOSECONDS);
                }
            });
        }
    }

    /** Runs one Redis call; Lettuce's failures (connection lost, timeout, error reply) become {@link StorageException}. */
    static <T> T call(Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisException e) {
            throw new StorageException("Redis: " + e.getMessage(), e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
    }
}
