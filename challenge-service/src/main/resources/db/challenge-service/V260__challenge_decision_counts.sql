-- What a challenge's decision left of its user's strikes, as its ChallengeResult says it: the consecutive failures,
-- the attempts left before a lock, and the lock's end. GET /api/challenges/{id} answers them, so a portal that polls
-- a PhoneFactor login (decided by the vendor's callback) can say "2 attempts left" as one that reads the event can.
-- Null while pending, and for a challenge decided before this version. Columns without a default: no table rewrite.
ALTER TABLE challenge ADD COLUMN IF NOT EXISTS consecutive_failures INTEGER;
ALTER TABLE challenge ADD COLUMN IF NOT EXISTS remaining_attempts INTEGER;
ALTER TABLE challenge ADD COLUMN IF NOT EXISTS locked_until TIMESTAMPTZ;
