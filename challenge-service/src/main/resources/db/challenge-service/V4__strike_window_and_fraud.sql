-- challenge-service (issue 6): the counter-reset window and the fraud block.

-- When the user's last counted failure was: with extauth.lockout.counter-reset-window set, a failure after a quiet
-- window starts the count again.
ALTER TABLE user_factor ADD COLUMN last_failure_at TIMESTAMPTZ;

-- Set when the user reported a challenge as fraud (0# on the call, deny-and-report in the app). With
-- extauth.fraud.block-until-admin the user is LOCKED with no locked_until, so the unlock timer never picks the row;
-- an admin's unlock clears both.
ALTER TABLE user_factor ADD COLUMN fraud_reported_at TIMESTAMPTZ;
