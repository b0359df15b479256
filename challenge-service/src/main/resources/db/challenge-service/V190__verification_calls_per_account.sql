-- challenge-service (session 63): verification calls are counted per account too (ContactLimits, PER_ACCOUNT), so
-- that an admin who orders PhoneFactor for many made-up users cannot have each verify a number of its own, five calls
-- an hour apiece. Only the verification calls are indexed: the logins' contacts, the table's many rows, are not
-- counted per account and do not maintain it.
-- contact_attempt holds every login's contact of the last day: on a busy service, creating this holds up the logins
-- of the instances still running while it is built. Create it beforehand by hand, without that (CREATE INDEX
-- CONCURRENTLY IF NOT EXISTS contact_attempt_account_verification ON <schema>.contact_attempt (account_id,
-- attempted_at) WHERE kind = 'VERIFICATION_CALL'), and this finds it there; should that fail, it leaves an invalid
-- index of that name, which this would take for the index: drop it before the start (as R__inbox_handled_at.sql).
CREATE INDEX IF NOT EXISTS contact_attempt_account_verification ON contact_attempt (account_id, attempted_at)
    WHERE kind = 'VERIFICATION_CALL';
