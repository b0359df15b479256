-- Durable, non-blocking sending: the listener records each e-mail an event calls for as a PENDING row (the event it
-- is written from, no clear address) in the inbox transaction; a worker claims due rows (FOR UPDATE SKIP LOCKED plus a
-- lease, so that several instances never send the same row), sends over SMTP outside any transaction and records
-- SENT (with EmailSent) or, for a permanently bad address, FAILED with the SMTP reason. One row per Message-ID.
ALTER TABLE sent_email RENAME TO email;
ALTER INDEX sent_email_by_user RENAME TO email_by_user_sent;

ALTER TABLE email
    ALTER COLUMN to_masked DROP NOT NULL,
    ALTER COLUMN sent_at DROP NOT NULL,
    -- PENDING (to send, retried while SMTP is unavailable), SENT, FAILED (refused for good)
    ADD COLUMN status          TEXT NOT NULL DEFAULT 'SENT',
    ADD COLUMN event_type      TEXT,
    ADD COLUMN event_data      TEXT,
    ADD COLUMN attempts        INT  NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at TIMESTAMPTZ,
    ADD COLUMN lease_until     TIMESTAMPTZ,
    ADD COLUMN lease_token     UUID,
    ADD COLUMN last_error      TEXT,
    ADD COLUMN failure_reason  TEXT,
    ADD COLUMN failed_at       TIMESTAMPTZ,
    ADD COLUMN created_at      TIMESTAMPTZ;

UPDATE email SET created_at = sent_at;
ALTER TABLE email ALTER COLUMN created_at SET NOT NULL;
ALTER TABLE email ALTER COLUMN status DROP DEFAULT;

CREATE INDEX email_by_user ON email (account_id, user_id, created_at);
CREATE INDEX email_due ON email (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
