-- Clipshare schema, version 4, MySQL/MariaDB: each share row names the export its page serves.
-- A share page reads one row: the share and the id of its target's newest completed export, which
-- version 3 found with a correlated subquery over exports on every view. The export store writes
-- the column when an export completes (under its target's version-counter lock, which share
-- creation takes too), so no completion can slip between a new share and its first view. Where
-- the column is empty (a share stored by a release before version 4, or not yet filled in by
-- version 5), a page looks the export up as version 3 did. One statement, and a column without a
-- default: PostgreSQL and MySQL add it without rewriting the table.
ALTER TABLE ${clipshare_prefix}shares ADD COLUMN served_export_id VARCHAR(64);
