/**
 * What "a store works" means, as tests: extend {@link dev.clipshare.testkit.ShareStoreContract}
 * and {@link dev.clipshare.testkit.ExportStoreContract} from your adapter's tests, and
 * {@link dev.clipshare.testkit.RateLimiterContract} from a rate limiter's. Also a
 * {@link dev.clipshare.testkit.MutableClock} for moving time by hand, share fixtures and a helper
 * for racing threads.
 */
package dev.clipshare.testkit;
