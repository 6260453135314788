-- Clipshare schema, version 1, MySQL 8.0.1+ and MariaDB 10.6+ (InnoDB).
-- Table names start with the placeholder clipshare_prefix (default "clipshare_"); hand this folder
-- to Flyway with that placeholder set, or let JdbcStores create it (createSchemaIfMissing).
-- Times are epoch milliseconds (UTC) in BIGINT columns: exact round trips, no time-zone settings.
-- utf8mb4_bin: ids, targets and keys compare exactly (case and accents matter), like Java strings.

CREATE TABLE ${clipshare_prefix}shares (
    id                 VARCHAR(64)  NOT NULL,
    token_hash         CHAR(64)     NOT NULL COMMENT 'SHA-256 of the token; the token itself is never stored',
    sealed_token       VARCHAR(512) NOT NULL COMMENT 'AES-GCM sealed token, opened only with the host key',
    library_id         VARCHAR(200) NOT NULL,
    target_key         VARCHAR(410) NOT NULL COMMENT 'Target.key(): source and segment in one column',
    source_id          VARCHAR(200) NOT NULL,
    segment_id         VARCHAR(200),
    visibility         VARCHAR(16)  NOT NULL,
    active_slot        VARCHAR(16)  COMMENT 'the visibility while ONE_PER_VISIBILITY holds it, else NULL',
    title              VARCHAR(200),
    description        TEXT,
    metadata           TEXT         NOT NULL COMMENT 'JSON object of strings',
    password_hash      VARCHAR(60)  COMMENT 'bcrypt only',
    allow_download     BOOLEAN      NOT NULL,
    expires_at         BIGINT,
    created_by_id      VARCHAR(200) NOT NULL,
    created_by_name    VARCHAR(200) NOT NULL,
    created_at         BIGINT       NOT NULL,
    updated_at         BIGINT       NOT NULL,
    revoked_at         BIGINT,
    credential_version BIGINT       NOT NULL,
    view_count         BIGINT       NOT NULL,
    failed_attempts    INT          NOT NULL,
    locked_until       BIGINT,
    idempotency_key    VARCHAR(200),
    PRIMARY KEY (id),
    UNIQUE KEY ${clipshare_prefix}shares_token_uq (token_hash),
    UNIQUE KEY ${clipshare_prefix}shares_slot_uq (target_key, active_slot),
    UNIQUE KEY ${clipshare_prefix}shares_idempotency_uq (created_by_id, idempotency_key),
    KEY ${clipshare_prefix}shares_target_idx (target_key, created_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ${clipshare_prefix}library_settings (
    library_id      VARCHAR(200) NOT NULL,
    sharing_enabled BOOLEAN      NOT NULL,
    updated_at      BIGINT       NOT NULL,
    PRIMARY KEY (library_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per target: the last export version handed out. Enqueue increments it; complete locks
-- it, so "is there a newer version?" and "create a newer version" never interleave.
CREATE TABLE ${clipshare_prefix}export_versions (
    target_key   VARCHAR(410) NOT NULL,
    last_version BIGINT       NOT NULL,
    PRIMARY KEY (target_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ${clipshare_prefix}exports (
    id              VARCHAR(64)  NOT NULL,
    target_key      VARCHAR(410) NOT NULL,
    source_id       VARCHAR(200) NOT NULL,
    segment_id      VARCHAR(200),
    version         BIGINT       NOT NULL,
    range_start_ms  BIGINT,
    range_end_ms    BIGINT,
    status          VARCHAR(16)  NOT NULL,
    progress        INT          NOT NULL,
    duration_ns     BIGINT,
    width           INT,
    height          INT,
    clip_bytes      BIGINT,
    video_codec     VARCHAR(64),
    audio_codec     VARCHAR(64),
    has_hls         BOOLEAN,
    failure_reason  TEXT,
    attempts        INT          NOT NULL,
    lease_owner     VARCHAR(200),
    lease_until     BIGINT,
    created_at      BIGINT       NOT NULL,
    updated_at      BIGINT       NOT NULL,
    completed_at    BIGINT,
    PRIMARY KEY (id),
    UNIQUE KEY ${clipshare_prefix}exports_version_uq (target_key, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Bucket4j's distributed rate-limit buckets (select-for-update strategy, string keys).
CREATE TABLE ${clipshare_prefix}rate_limit_buckets (
    id         VARCHAR(255) NOT NULL,
    state      BLOB,
    expires_at BIGINT,
    PRIMARY KEY (id),
    KEY ${clipshare_prefix}rate_limit_buckets_expiry_idx (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
