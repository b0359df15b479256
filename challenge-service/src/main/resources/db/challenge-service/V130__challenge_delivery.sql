-- challenge-service (issue 12): a PhoneFactor challenge, its ChallengeIssued (outbox) and the work of reaching the user
-- are written in one transaction. The row below is that work: the instance that created the challenge inserts it
-- already leased to itself and calls, texts or pushes right after the commit; if it dies, another instance's worker
-- claims the row once the lease has run out (SKIP LOCKED) and reaches the user with the same reference (the challenge
-- id), which the vendor treats as the same contact. The row is deleted when the user was reached, or together with the
-- challenge's NOT_DELIVERED result when the vendor could not be. The expiry timer passes over a challenge that still
-- has a row here: a challenge whose delivery is not settled never expires as a strike.
CREATE TABLE challenge_delivery (
    challenge_id    UUID        PRIMARY KEY REFERENCES challenge (id) ON DELETE CASCADE,
    -- where to: the dial string of a call, the E.164 number of a text; NULL for an app push
    destination     TEXT,
    -- a text's one-time code, sealed under a key derived from the PIN pepper (never in clear in the database)
    sealed_code     TEXT,
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    lease_until     TIMESTAMPTZ,
    lease_token     UUID,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX challenge_delivery_due ON challenge_delivery (next_attempt_at);
