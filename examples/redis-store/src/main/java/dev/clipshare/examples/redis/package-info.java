/**
 * A storage adapter for Clipshare on Redis, written the way anyone outside the project would write
 * one: against the public API of {@code sharing-core} only ({@code dev.clipshare.core} and its
 * {@code spi} package), proven by the {@code sharing-testkit} contract.
 *
 * <ul>
 *   <li>{@link dev.clipshare.examples.redis.RedisShareStore}: share links, their counters and the
 *       libraries' sharing switches;</li>
 *   <li>{@link dev.clipshare.examples.redis.RedisExportStore}: export versions and the job queue;</li>
 *   <li>{@link dev.clipshare.examples.redis.RedisStores}: both over one connection.</li>
 * </ul>
 *
 * Every promise the SPI makes about atomicity is kept by Redis itself, through Lua scripts that
 * Redis runs with no other command in between; none relies on a Java lock, so several nodes can
 * share one Redis.
 */
package dev.clipshare.examples.redis;
