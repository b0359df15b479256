-- Orders from both doors. A billing order is keyed by the billing system's orderId, so a repeat of it is a no-op;
-- portal orders get a UUID. Rejected billing orders are kept with what was sent and why.
CREATE TABLE orders (
    seq           BIGSERIAL   NOT NULL UNIQUE,
    order_id      TEXT        PRIMARY KEY,
    channel       TEXT        NOT NULL,
    account_id    TEXT        NOT NULL,
    user_id       TEXT        NOT NULL,
    email         TEXT,
    type          TEXT,
    credential_id TEXT,
    promo_code    TEXT,
    ordered_by    TEXT,
    monthly_fee   NUMERIC(10, 2),
    status        TEXT        NOT NULL,
    reasons       JSONB,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

-- At most one live external authentication per account user, even when both doors race.
CREATE UNIQUE INDEX orders_one_live_per_user ON orders (account_id, user_id)
    WHERE status IN ('ACCEPTED', 'PROVISIONED', 'ACTIVE', 'LOCKED');

CREATE INDEX orders_of_account ON orders (account_id, created_at DESC, seq DESC);

-- Idempotency-Key of portal requests, per caller: a retry with the same key gets the first response.
CREATE TABLE idempotency_keys (
    caller          TEXT        NOT NULL,
    idempotency_key TEXT        NOT NULL,
    request_hash    TEXT        NOT NULL,
    order_id        TEXT        NOT NULL REFERENCES orders (order_id),
    response_status TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (caller, idempotency_key)
);
