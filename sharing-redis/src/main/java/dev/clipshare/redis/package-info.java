/**
 * Clipshare's rate limits on Redis: {@link dev.clipshare.redis.RedisRateLimiter} keeps the token
 * buckets of core's {@link dev.clipshare.core.spi.RateLimiter} SPI in one Redis that every
 * application node shares (one atomic Lua script per decision), so the documented limits hold for
 * the whole cluster. Each bucket expires in Redis once it would be full again; a call never waits for
 * Redis longer than the configured command timeout, and a
 * {@linkplain dev.clipshare.redis.RedisRateLimiter.FailureMode failure mode} says what happens
 * when Redis cannot answer.
 *
 * <pre>{@code
 * RedisRateLimiter limiter = RedisRateLimiter.builder(RedisURI.create("redis://127.0.0.1:6379")).build();
 * Sharing sharing = Sharing.builder().rateLimiter(limiter) ... .build();
 * }</pre>
 */
package dev.clipshare.redis;
