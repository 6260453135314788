-- Clipshare schema, version 3, MySQL/MariaDB: rate limits as plain numbers. A decision reads the
-- bucket and writes it back with a compare-and-set UPDATE (two autocommit statements, no row lock
-- held between them); version 1's buckets were Bucket4j's serialized state, read with SELECT ...
-- FOR UPDATE and written back in a transaction. Version 1's buckets (rate_limit_buckets) stay,
-- for nodes still running the previous release during a rolling upgrade; a later version drops them.
CREATE TABLE ${clipshare_prefix}rate_limits (
    id          VARCHAR(255) NOT NULL,
    units       BIGINT       NOT NULL,
    refilled_at BIGINT       NOT NULL,
    expires_at  BIGINT       NOT NULL,
    granted     BOOLEAN      NOT NULL,
    PRIMARY KEY (id),
    KEY ${clipshare_prefix}rate_limits_expiry_idx (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
