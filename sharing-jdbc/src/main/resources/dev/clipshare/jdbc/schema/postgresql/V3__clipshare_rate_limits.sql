-- Clipshare schema, version 3, PostgreSQL: rate limits decided by one statement each.
-- A bucket is one row of plain numbers, so the database itself refills and takes a token in one
-- INSERT ... ON CONFLICT DO UPDATE: one round trip per decision, the row locked only for that
-- statement (version 1's buckets were Bucket4j's serialized state, read with SELECT ... FOR
-- UPDATE and written back in a transaction of four round trips, the row locked throughout).
-- Unlogged: its writes skip the write-ahead log, so a decision's commit waits for no disk flush.
-- What that costs: after a crash of the server, or on a standby promoted after a failover, the
-- table is empty, i.e. every client starts with a full bucket again; nothing else is affected.
-- No index on expires_at, and room left in each page: a decision then rewrites its row in place
-- (a heap-only update, no index entry to add), and the clean-up of expired rows once a minute
-- reads the table, which holds only the buckets of the last few minutes.
-- Version 1's buckets (rate_limit_buckets) stay, for nodes still running the previous release
-- during a rolling upgrade; a later version drops them.
CREATE UNLOGGED TABLE ${clipshare_prefix}rate_limits (
    id          VARCHAR(255) NOT NULL,
    units       BIGINT       NOT NULL,
    refilled_at BIGINT       NOT NULL,
    expires_at  BIGINT       NOT NULL,
    granted     BOOLEAN      NOT NULL,
    CONSTRAINT ${clipshare_prefix}rate_limits_pk PRIMARY KEY (id)
) WITH (fillfactor = 50);
