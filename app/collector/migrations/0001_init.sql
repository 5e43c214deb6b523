-- Trạm Học Số collector schema, version 1.
-- Every batch a kiosk uploaded, exactly as signed.
CREATE TABLE batches (
    batch_id       text PRIMARY KEY,
    kiosk_id       text        NOT NULL,
    schema         text        NOT NULL,
    received_at    timestamptz NOT NULL,
    sent_at        text        NOT NULL DEFAULT '',
    sha256         bytea       NOT NULL CHECK (length(sha256) = 32),
    body           bytea       NOT NULL
);
CREATE INDEX batches_kiosk ON batches (kiosk_id);

-- Running totals: one row per (site, kiosk, pack version, day, step, kind, error code).
-- step and error_code are '' when the event has none.
CREATE TABLE totals (
    province      text   NOT NULL,
    commune       text   NOT NULL,
    kiosk_id      text   NOT NULL,
    pack          text   NOT NULL,
    pack_version  int    NOT NULL,
    day           date   NOT NULL,
    step          text   NOT NULL,
    kind          text   NOT NULL,
    error_code    text   NOT NULL,
    n             bigint NOT NULL CHECK (n >= 0),
    PRIMARY KEY (province, commune, kiosk_id, pack, pack_version, day, step, kind, error_code)
);
CREATE INDEX totals_day ON totals (day);

-- The last known state of each kiosk that has uploaded.
CREATE TABLE kiosks (
    kiosk_id          text PRIMARY KEY,
    province          text        NOT NULL,
    commune           text        NOT NULL,
    batches           bigint      NOT NULL,
    last_received     timestamptz NOT NULL,
    clock_offset_sec  bigint      NOT NULL,
    dropped_periods   bigint      NOT NULL,
    dropped_events    bigint      NOT NULL,
    started           bigint      NOT NULL,
    finished          bigint      NOT NULL,
    handed_off        bigint      NOT NULL,
    health            jsonb,
    health_sealed_at  timestamptz
);

-- Console accounts: argon2id PHC hashes, never passwords.
CREATE TABLE accounts (
    name        text PRIMARY KEY,
    hash        text        NOT NULL,
    scope       jsonb       NOT NULL,
    created_at  timestamptz NOT NULL
);
