-- challenge-service (issue 14): a decision that changes nothing but its challenge is written by the statement that
-- commits its transaction, with the outbox's ChallengeResult (one round trip instead of two). It is made under its
-- user's lock, where the challenge was read PENDING, so the conditional update changes exactly one row; should it
-- ever change none (a writer that did not take the lock), this check raises, PostgreSQL skips the COMMIT sent behind
-- it, and the transaction is rolled back with its result, as the Java check of the update's count did before.
CREATE FUNCTION decided_once(decided BIGINT, challenge_id UUID) RETURNS BIGINT LANGUAGE plpgsql AS $$
BEGIN
  IF decided <> 1 THEN
    RAISE EXCEPTION 'challenge % was not PENDING when decided under its user''s lock', challenge_id;
  END IF;
  RETURN decided;
END $$;
