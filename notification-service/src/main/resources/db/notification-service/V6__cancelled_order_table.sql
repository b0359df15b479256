-- The orders cancelled, as their OrderCancelled said (the first cancel's time), whether or not this service keeps the
-- order's contact: a cancel read while the order's AuthOrdered sits in the dead letters (an operator replays it later)
-- still withdraws the order's provisioning e-mail. Keyed by the order and its user, as the e-mails join it: a cancel
-- that names another user's order withdraws nothing of that user's. Replaces contact.cancelled_at (V5).
CREATE TABLE cancelled_order (
    account_id   TEXT        NOT NULL,
    user_id      TEXT        NOT NULL,
    order_id     TEXT        NOT NULL,
    cancelled_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, user_id, order_id)
);

INSERT INTO cancelled_order (account_id, user_id, order_id, cancelled_at)
SELECT account_id, user_id, order_id, cancelled_at FROM contact WHERE cancelled_at IS NOT NULL;

ALTER TABLE contact DROP COLUMN cancelled_at;
