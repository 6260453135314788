package dev.clipshare.jdbc.internal;

import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.AbstractJdbcProxyManagerBuilder;
import io.github.bucket4j.distributed.jdbc.CustomColumnProvider;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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

    /**
     * Writes {@code expires_at}: when the bucket will be full again plus {@link #keepFullFor},
     * by the same clock as every bucket decision. (Bucket4j's own expiry column reads the system
     * clock instead, which would not agree with an injected clock, nor with
     * {@code JdbcRateLimiter.removeExpired}, which compares with this clock.)
     */
    public CustomColumnProvider<String> expiresAt() {
        ExpirationAfterWriteStrategy strategy = ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(keepFullFor);
        return new CustomColumnProvider<>() {
            @Override
            public void setCustomField(String key, int index, PreparedStatement ps, RemoteBucketState state, long nowNanos)
                    throws SQLException {
                ps.setLong(index, nowNanos / 1_000_000L + strategy.calculateTimeToLiveMillis(state, nowNanos));
            }

            @Override
            public String getCustomFieldName() {
                return "expires_at";
            }
        };
    }

    <P extends ProxyManager<String>, B extends AbstractJdbcProxyManagerBuilder<String, P, B>> B applyTo(B builder) {
        return builder.clientClock(timeMeter()).requestTimeout(requestTimeout).addCustomColumn(expiresAt());
    }

    ClientSideConfig clientSideConfig() {
        return ClientSideConfig.getDefault().withClientClock(timeMeter()).withRequestTimeout(requestTimeout);
    }
}
