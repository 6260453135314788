package dev.clipshare.redis;

/** Redis could not be reached (no connection yet, or it is being established). Never leaves the module. */
final class RedisUnavailableException extends RuntimeException {
    RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
