-- Clipshare schema, version 5, PostgreSQL: names the served export on the shares stored before
-- version 4 whose clip has been exported (version 4's column). Only those rows are written, and
-- running it again changes nothing; until it has run, their pages look the export up themselves.
UPDATE ${clipshare_prefix}shares SET served_export_id = (SELECT x.id FROM ${clipshare_prefix}exports x
    WHERE x.target_key = ${clipshare_prefix}shares.target_key AND x.status = 'COMPLETED'
    ORDER BY x.version DESC LIMIT 1)
WHERE served_export_id IS NULL AND EXISTS (SELECT 1 FROM ${clipshare_prefix}exports y
    WHERE y.target_key = ${clipshare_prefix}shares.target_key AND y.status = 'COMPLETED');
