-- Removes every Clipshare table (MySQL/MariaDB). Irreversible: all links, exports and buckets are lost.
DROP TABLE IF EXISTS ${clipshare_prefix}rate_limits;
DROP TABLE IF EXISTS ${clipshare_prefix}rate_limit_buckets;
DROP TABLE IF EXISTS ${clipshare_prefix}exports;
DROP TABLE IF EXISTS ${clipshare_prefix}export_versions;
DROP TABLE IF EXISTS ${clipshare_prefix}library_settings;
DROP TABLE IF EXISTS ${clipshare_prefix}shares;
DROP TABLE IF EXISTS ${clipshare_prefix}schema_version;
