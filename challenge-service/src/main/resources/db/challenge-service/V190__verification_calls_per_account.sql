-- challenge-service (session 63): verification calls are counted per account too (ContactLimits, PER_ACCOUNT), so
-- that an admin who orders PhoneFactor for many made-up users cannot have each verify a number of its own, five calls
-- an hour apiece. Only the verification calls are indexed: the logins' contacts, the table's many rows, are not
-- counted per account and do not maintain it.
CREATE INDEX contact_attempt_account_verification ON contact_attempt (account_id, attempted_at)
    WHERE kind = 'VERIFICATION_CALL';
