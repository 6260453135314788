package dev.clipshare.jdbc.internal;

import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.AbstractJdbcProxyManagerBuilder;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Clock;
import java.time.Duration;

/**
 * How the rate-limit buckets are kept: timed by the node's injected {@link Clock} (not the
 * database's), with a per-request timeout, and expiring once a bucket would be full again (plus a
 * margin) so idle keys do not pile up.
 *
 * @param clock          the time source of every bucket decision
 * @param requestTimeout the JDBC query timeout of each bucket statement
 * @param keepFullFor    how long a bucket row stays after it has refilled completely
 */
public record BucketSettings(Clock clock, Duration requestTimeout, Duration keepFullFor) {

    /** Bucket4j's view of the clock: wall-clock nanoseconds at millisecond resolution. */
    public TimeMeter timeMeter() {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    public ExpirationAfterWriteStrategy expiry() {
        return ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(keepFullFor);
    }

    <K, P extends ProxyManager<K>, B extends AbstractJdbcProxyManagerBuilder<K, P, B>> B applyTo(B builder) {
        return builder.clientClock(timeMeter()).requestTimeout(requestTimeout).expirationAfterWrite(expiry());
    }

    ClientSideConfig clientSideConfig() {
        return ClientSideConfig.getDefault().withClientClock(timeMeter()).withRequestTimeout(requestTimeout)
                .withExpirationAfterWriteStrategy(expiry());
    }
}
