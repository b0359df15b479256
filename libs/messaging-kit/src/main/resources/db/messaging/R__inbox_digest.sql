-- Each handled event's digest (io.extauth.messaging.inbox.EventDigest: SHA-256 of its type, source and data), so that
-- a later record with the same ce_id and other content is dead-lettered as another event under a used id instead of
-- being skipped as handled. Rows recorded before have none and are taken as the same event, as before. A nullable
-- column without a default: adding it rewrites nothing, however large the inbox.
-- Repeatable and idempotent rather than V2: the services number their own migrations from V2 in the same history
-- table (see R__outbox_traceparent.sql).
ALTER TABLE inbox ADD COLUMN IF NOT EXISTS digest BYTEA;
