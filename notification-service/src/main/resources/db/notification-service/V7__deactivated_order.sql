-- The orders whose factor was deactivated, as the Deactivated that named them said (the first deactivation's time),
-- whether or not this service keeps the order's contact: an admin may switch the factor off while its provisioning
-- e-mail waits out an SMTP outage, and provisioning-service then removes the vendor's user, so that e-mail is
-- withdrawn as a cancelled order's is (cancelled_order, V6). Keyed as cancelled_order, by the order and its user: a
-- Deactivated that names another user's order withdraws nothing of that user's. A table of its own, not a column of
-- cancelled_order, so that an instance of the version before keeps working during a rolling deploy.
CREATE TABLE deactivated_order (
    account_id     TEXT        NOT NULL,
    user_id        TEXT        NOT NULL,
    order_id       TEXT        NOT NULL,
    deactivated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, user_id, order_id)
);
