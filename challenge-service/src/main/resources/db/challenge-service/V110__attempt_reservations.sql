-- challenge-service (issue 11): attempts whose code is being checked by a vendor (Symantec VIP) right now.
-- An attempt reserves one of the user's remaining attempts under the user's row lock, releases the lock, asks the
-- vendor, and records the verdict under the lock again, deleting its row: strikes + live rows never exceed the limit,
-- and no vendor call runs while the row is locked. A row whose instance died lapses at expires_at.
CREATE TABLE attempt_reservation (
    id         UUID        PRIMARY KEY,
    account_id TEXT        NOT NULL,
    user_id    TEXT        NOT NULL,
    purpose    TEXT        NOT NULL, -- LOGIN or ACTIVATION: separate strike counts
    expires_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX attempt_reservation_user ON attempt_reservation (account_id, user_id, purpose);
