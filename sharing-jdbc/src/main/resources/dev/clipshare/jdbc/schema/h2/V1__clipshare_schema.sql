-- Clipshare schema, version 1, H2 2.x.
-- Table names start with the placeholder clipshare_prefix (default "clipshare_"); hand this folder
-- to Flyway with that placeholder set, or let JdbcStores create it (createSchemaIfMissing).
-- Times are epoch milliseconds (UTC) in BIGINT columns: exact round trips, no time-zone settings.
-- H2 compares strings like Java does, so list order matches the cursor order.
-- IF NOT EXISTS: H2 has no named lock to serialise schema runners in several JVMs (server mode).

CREATE TABLE IF NOT EXISTS ${clipshare_prefix}shares (
    id                 VARCHAR(64)  NOT NULL,
    token_hash         CHAR(64)     NOT NULL,   -- SHA-256 of the token; the token itself is never stored
    sealed_token       VARCHAR(512) NOT NULL,   -- AES-GCM sealed token, opened only with the host's key
    library_id         VARCHAR(200) NOT NULL,
    target_key         VARCHAR(410) NOT NULL,   -- Target.key(): source and segment in one column
    source_id          VARCHAR(200) NOT NULL,
    segment_id         VARCHAR(200),
    visibility         VARCHAR(16)  NOT NULL,
    active_slot        VARCHAR(16),             -- the visibility while ONE_PER_VISIBILITY holds it, else NULL
    title              VARCHAR(200),
    description        CHARACTER VARYING,
    metadata           CHARACTER VARYING NOT NULL, -- JSON object of strings
    password_hash      VARCHAR(60),             -- bcrypt only
    allow_download     BOOLEAN      NOT NULL,
    expires_at         BIGINT,
    created_by_id      VARCHAR(200) NOT NULL,
    created_by_name    VARCHAR(200) NOT NULL,
    created_at         BIGINT       NOT NULL,
    updated_at         BIGINT       NOT NULL,
    revoked_at         BIGINT,
    credential_version BIGINT       NOT NULL,
    view_count         BIGINT       NOT NULL,
    failed_attempts    INTEGER      NOT NULL,
    locked_until       BIGINT,
    idempotency_key    VARCHAR(200),
    CONSTRAINT ${clipshare_prefix}shares_pk PRIMARY KEY (id),
    CONSTRAINT ${clipshare_prefix}shares_token_uq UNIQUE (token_hash),
    CONSTRAINT ${clipshare_prefix}shares_slot_uq UNIQUE (target_key, active_slot),
    CONSTRAINT ${clipshare_prefix}shares_idempotency_uq UNIQUE (created_by_id, idempotency_key)
);
CREATE INDEX IF NOT EXISTS ${clipshare_prefix}shares_target_idx ON ${clipshare_prefix}shares (target_key, created_at, id);

CREATE TABLE IF NOT EXISTS ${clipshare_prefix}library_settings (
    library_id      VARCHAR(200) NOT NULL,
    sharing_enabled BOOLEAN      NOT NULL,
    updated_at      BIGINT       NOT NULL,
    CONSTRAINT ${clipshare_prefix}library_settings_pk PRIMARY KEY (library_id)
);

-- One row per target: the last export version handed out. Enqueue increments it; complete locks
-- it, so "is there a newer version?" and "create a newer version" never interleave.
CREATE TABLE IF NOT EXISTS ${clipshare_prefix}export_versions (
    target_key   VARCHAR(410) NOT NULL,
    last_version BIGINT       NOT NULL,
    CONSTRAINT ${clipshare_prefix}export_versions_pk PRIMARY KEY (target_key)
);

CREATE TABLE IF NOT EXISTS ${clipshare_prefix}exports (
    id              VARCHAR(64)  NOT NULL,
    target_key      VARCHAR(410) NOT NULL,
    source_id       VARCHAR(200) NOT NULL,
    segment_id      VARCHAR(200),
    version         BIGINT       NOT NULL,
    range_start_ms  BIGINT,
    range_end_ms    BIGINT,
    status          VARCHAR(16)  NOT NULL,
    progress        INTEGER      NOT NULL,
    duration_ns     BIGINT,
    width           INTEGER,
    height          INTEGER,
    clip_bytes      BIGINT,
    video_codec     VARCHAR(64),
    audio_codec     VARCHAR(64),
    has_hls         BOOLEAN,
    failure_reason  CHARACTER VARYING,
    attempts        INTEGER      NOT NULL,
    lease_owner     VARCHAR(200),
    lease_until     BIGINT,
    created_at      BIGINT       NOT NULL,
    updated_at      BIGINT       NOT NULL,
    completed_at    BIGINT,
    CONSTRAINT ${clipshare_prefix}exports_pk PRIMARY KEY (id),
    CONSTRAINT ${clipshare_prefix}exports_version_uq UNIQUE (target_key, version)
);

-- Bucket4j's distributed rate-limit buckets (select-for-update strategy, string keys).
CREATE TABLE IF NOT EXISTS ${clipshare_prefix}rate_limit_buckets (
    id         VARCHAR(255) NOT NULL,
    state      VARBINARY(65536),
    expires_at BIGINT,
    CONSTRAINT ${clipshare_prefix}rate_limit_buckets_pk PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS ${clipshare_prefix}rate_limit_buckets_expiry_idx ON ${clipshare_prefix}rate_limit_buckets (expires_at);
