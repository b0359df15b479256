-- challenge-service (spend review): the two checks that read a user's challenges by what they were, under the user's
-- row lock, read only the rows they ask for. challenge is never pruned (every login is a row), and both went through
-- challenge_user (account_id, user_id), every challenge the user ever had, filtered row by row:
-- - a sign-in of a locked user (ChallengeIssuer, Challenges.standingRejection): the newest REJECTED_LOCKED challenge of
--   the user and channel within the last minute, newest first;
-- - a settings save that needs proof (FactorChangeGuard, PassedChallenges.lastPassedAt): the newest SUCCEEDED PORTAL
--   challenge, by decided_at, newest first.
-- Each index is partial on exactly the statement's literal predicate, so the prepared statement's generic plan uses it
-- too, and holds a small part of the table. UserHistoryIndexesIntegrationTest reads both plans.
-- challenge holds every login ever made: on a busy service, creating these holds up the logins (their inserts and
-- decisions) of the instances still running while they are built. Create them beforehand by hand, without that:
--   CREATE INDEX CONCURRENTLY IF NOT EXISTS challenge_rejected_locked ON <schema>.challenge
--     (account_id, user_id, channel, created_at) WHERE status = 'LOCKED_OUT' AND outcome = 'REJECTED_LOCKED';
--   CREATE INDEX CONCURRENTLY IF NOT EXISTS challenge_passed_portal ON <schema>.challenge
--     (account_id, user_id, decided_at) WHERE status = 'SUCCEEDED' AND channel = 'PORTAL';
-- and this finds them there; should one fail, it leaves an invalid index of that name, which this would take for the
-- index: drop it before the start (as R__inbox_handled_at.sql).
CREATE INDEX IF NOT EXISTS challenge_rejected_locked ON challenge (account_id, user_id, channel, created_at)
    WHERE status = 'LOCKED_OUT' AND outcome = 'REJECTED_LOCKED';
CREATE INDEX IF NOT EXISTS challenge_passed_portal ON challenge (account_id, user_id, decided_at)
    WHERE status = 'SUCCEEDED' AND channel = 'PORTAL';
