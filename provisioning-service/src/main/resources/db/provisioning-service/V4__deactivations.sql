-- The latest deactivation of each user this service has read: an AuthOrdered read after it (auth.ordered and
-- auth.activated are separate topics) for an order placed before it is not provisioned.
CREATE TABLE user_deactivation (
    account_id     TEXT        NOT NULL,
    user_id        TEXT        NOT NULL,
    deactivated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, user_id)
);
