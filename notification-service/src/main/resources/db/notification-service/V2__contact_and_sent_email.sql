-- The one place the clear e-mail address is kept: one row per order, from AuthOrdered.
CREATE TABLE contact (
    order_id      TEXT PRIMARY KEY,
    account_id    TEXT        NOT NULL,
    user_id       TEXT        NOT NULL,
    email         TEXT        NOT NULL,
    type          TEXT        NOT NULL,
    credential_id TEXT,
    ordered_at    TIMESTAMPTZ NOT NULL
);

CREATE INDEX contact_by_user ON contact (account_id, user_id, ordered_at);

-- Every e-mail handed to the SMTP server; message_id is derived from the event, so one event is one e-mail.
CREATE TABLE sent_email (
    message_id TEXT PRIMARY KEY,
    event_id   TEXT        NOT NULL,
    template   TEXT        NOT NULL,
    order_id   TEXT,
    account_id TEXT        NOT NULL,
    user_id    TEXT        NOT NULL,
    to_masked  TEXT        NOT NULL,
    sent_at    TIMESTAMPTZ NOT NULL
);

CREATE INDEX sent_email_by_user ON sent_email (account_id, user_id, sent_at);
