-- challenge-service: the per-user factor with its lifecycle state, phone verifications and login challenges.

-- One row per account user. The primary phone (E.164) and the PIN hash live here and nowhere else.
CREATE TABLE user_factor (
    account_id             TEXT        NOT NULL,
    user_id                TEXT        NOT NULL,
    state                  TEXT        NOT NULL,
    type                   TEXT,
    order_id               TEXT,
    credential_id          TEXT,
    method                 TEXT,
    primary_phone          TEXT,
    primary_country_code   TEXT,
    primary_extension      TEXT,
    secondary_phone        TEXT,
    secondary_country_code TEXT,
    secondary_extension    TEXT,
    pin_hash               TEXT,
    consecutive_failures   INT         NOT NULL DEFAULT 0,
    locked_until           TIMESTAMPTZ,
    activation_failures    INT         NOT NULL DEFAULT 0,
    version                BIGINT      NOT NULL DEFAULT 0,
    updated_at             TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, user_id)
);

-- The unlock timer's query: locked users whose lock has run out.
CREATE INDEX user_factor_lock_expiry ON user_factor (locked_until) WHERE state = 'LOCKED';

-- Every lifecycle move, for audit: what moved a user from where to where, and why.
CREATE TABLE lifecycle_history (
    seq        BIGSERIAL PRIMARY KEY,
    account_id TEXT        NOT NULL,
    user_id    TEXT        NOT NULL,
    from_state TEXT        NOT NULL,
    trigger    TEXT        NOT NULL,
    to_state   TEXT        NOT NULL,
    cause      TEXT        NOT NULL,
    moved_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX lifecycle_history_user ON lifecycle_history (account_id, user_id, seq);

-- A verification call to a phone the user wants to use; the number is kept only while the call is pending.
CREATE TABLE phone_verification (
    id           UUID PRIMARY KEY,
    account_id   TEXT        NOT NULL,
    user_id      TEXT        NOT NULL,
    slot         TEXT        NOT NULL,
    phone        TEXT,
    country_code TEXT,
    extension    TEXT,
    phone_masked TEXT        NOT NULL,
    status       TEXT        NOT NULL,
    reason       TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    decided_at   TIMESTAMPTZ
);
CREATE INDEX phone_verification_pending ON phone_verification (expires_at) WHERE status = 'CALLING';

-- A login challenge, decided exactly once (conditional update from PENDING).
CREATE TABLE challenge (
    id          UUID PRIMARY KEY,
    account_id  TEXT        NOT NULL,
    user_id     TEXT        NOT NULL,
    channel     TEXT        NOT NULL,
    type        TEXT        NOT NULL,
    method      TEXT,
    status      TEXT        NOT NULL,
    outcome     TEXT,
    code_hash   TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    decided_at  TIMESTAMPTZ
);
CREATE INDEX challenge_pending ON challenge (expires_at) WHERE status = 'PENDING';
CREATE INDEX challenge_user ON challenge (account_id, user_id);
