-- Clipshare schema, version 2, PostgreSQL: an index for the export queue. Workers on every node
-- poll for the oldest pending (or lapsed) job; without it each poll scans the whole export history.
-- Its column order is the claim order, so MySQL and MariaDB read it in order and their
-- FOR UPDATE SKIP LOCKED skips a job another worker is taking instead of sorting first.
CREATE INDEX ${clipshare_prefix}exports_claim_idx ON ${clipshare_prefix}exports (status, created_at, version, id);
