-- Clipshare schema, version 3, PostgreSQL: the rate-limit buckets skip the write-ahead log.
-- A bucket is rewritten on every request a limit counts, and each of those transactions used to
-- wait for its WAL record to reach the disk (measured: two thirds of the active backends' time
-- under load). An unlogged table's writes need no WAL, so their commits do not wait for a flush.
-- What it costs: after a crash of the server, or on a standby promoted after a failover, the
-- buckets are empty, i.e. every client starts with a full bucket again; nothing else is affected.
ALTER TABLE ${clipshare_prefix}rate_limit_buckets SET UNLOGGED;
