-- Clipshare schema, version 4, H2: each share row names the export its page serves.
-- A share page reads one row: the share and the id of its target's newest completed export, which
-- version 3 found with a correlated subquery over exports on every view. The export store writes
-- the column when an export completes (under its target's version-counter lock, which share
-- creation takes too), so no completion can slip between a new share and its first view.
-- The UPDATE fills it in for the shares already stored. Nodes of a release before version 4 do not
-- write it: during a rolling upgrade, let upgraded nodes run the exports (or export again).
ALTER TABLE ${clipshare_prefix}shares ADD COLUMN served_export_id VARCHAR(64);
UPDATE ${clipshare_prefix}shares SET served_export_id = (SELECT x.id FROM ${clipshare_prefix}exports x
    WHERE x.target_key = ${clipshare_prefix}shares.target_key AND x.status = 'COMPLETED'
    ORDER BY x.version DESC LIMIT 1);
