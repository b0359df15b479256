-- One row per order: what the vendor was asked, how often, and what it answered.
CREATE TABLE provisioning (
    order_id       TEXT PRIMARY KEY,
    account_id     TEXT        NOT NULL,
    user_id        TEXT        NOT NULL,
    type           TEXT        NOT NULL,
    credential_id  TEXT,
    vendor_ref     TEXT,
    -- PENDING (being tried), PROVISIONED, FAILED (vendor refused for good), DEPROVISIONED, DEPROVISION_FAILED
    status         TEXT        NOT NULL,
    attempts       INT         NOT NULL,
    failure_reason TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);

CREATE INDEX provisioning_by_user ON provisioning (account_id, user_id);
