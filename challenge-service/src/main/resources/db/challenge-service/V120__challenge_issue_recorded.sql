-- challenge-service (issue 12): a challenge counts (expires as a strike) only once its ChallengeIssued is committed.
-- issued_at is set in the transaction that writes ChallengeIssued to the outbox; it is NULL while the instance that
-- created a PhoneFactor challenge is reaching the user (call, SMS, push). The expiry timer decides only challenges
-- with issued_at, so an instance that dies between the vendor call and ChallengeIssued leaves no strike: such a row is
-- forgotten once the vendor's timeouts have passed. The default marks the existing rows, and the rows an instance of
-- the previous version inserts during a rolling upgrade (it writes ChallengeIssued separately, as before), as issued.
ALTER TABLE challenge ADD COLUMN issued_at TIMESTAMPTZ DEFAULT now();
CREATE INDEX challenge_unissued ON challenge (created_at) WHERE status = 'PENDING' AND issued_at IS NULL;
