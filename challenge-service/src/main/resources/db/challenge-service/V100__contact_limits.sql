-- challenge-service (issue 11): outbound contact limits.

-- One row per call, text, push or verification call placed, and per verification that failed: the limits count them
-- in sliding windows, per user and per destination, here rather than in memory so every instance counts the same.
-- destination_hash is the SHA-256 of the E.164 number (NULL for an app push): enough to count by, not to dial.
-- Rows older than the longest window are deleted (ContactLimits.forgetOldContacts).
CREATE TABLE contact_attempt (
    id               BIGSERIAL PRIMARY KEY,
    account_id       TEXT        NOT NULL,
    user_id          TEXT        NOT NULL,
    kind             TEXT        NOT NULL,
    destination_hash TEXT,
    attempted_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX contact_attempt_user ON contact_attempt (account_id, user_id, attempted_at);
CREATE INDEX contact_attempt_destination ON contact_attempt (destination_hash, attempted_at)
    WHERE destination_hash IS NOT NULL;
CREATE INDEX contact_attempt_age ON contact_attempt (attempted_at);

-- The open challenge of a user and channel, looked up before every new one (one open challenge per user and channel).
CREATE INDEX challenge_open ON challenge (account_id, user_id, channel, created_at) WHERE status = 'PENDING';
