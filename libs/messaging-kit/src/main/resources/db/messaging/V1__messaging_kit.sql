-- The messaging kit's tables, created in each service's own schema. Services number their migrations from V2.

-- Events a change produced, written in the change's transaction and published by the relay in seq order.
CREATE TABLE outbox (
    seq         BIGSERIAL PRIMARY KEY,
    event_id    UUID        NOT NULL UNIQUE,
    topic       TEXT        NOT NULL,
    event_key   TEXT        NOT NULL,
    event_type  TEXT        NOT NULL,
    source      TEXT        NOT NULL,
    subject     TEXT        NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    data        TEXT        NOT NULL
);

-- The idempotent consumer: one row per (consumer, ce_id) handled; a duplicate key means "already handled".
CREATE TABLE inbox (
    consumer   TEXT        NOT NULL,
    event_id   TEXT        NOT NULL,
    event_type TEXT        NOT NULL,
    handled_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
