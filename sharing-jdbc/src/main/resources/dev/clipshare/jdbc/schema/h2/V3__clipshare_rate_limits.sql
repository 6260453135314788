-- Clipshare schema, version 3, H2: rate limits as plain numbers. A decision reads the bucket and
-- writes it back with a compare-and-set UPDATE; version 1's buckets held Bucket4j's serialized
-- state. Version 1's buckets (rate_limit_buckets) stay, for nodes still running the previous
-- release during a rolling upgrade; a later version drops them.
CREATE TABLE IF NOT EXISTS ${clipshare_prefix}rate_limits (
    id          VARCHAR(255) NOT NULL,
    units       BIGINT       NOT NULL,
    refilled_at BIGINT       NOT NULL,
    expires_at  BIGINT       NOT NULL,
    granted     BOOLEAN      NOT NULL,
    CONSTRAINT ${clipshare_prefix}rate_limits_pk PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS ${clipshare_prefix}rate_limits_expiry_idx ON ${clipshare_prefix}rate_limits (expires_at);
