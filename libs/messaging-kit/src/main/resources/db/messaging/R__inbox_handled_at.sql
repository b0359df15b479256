-- The inbox's prune (io.extauth.messaging.inbox.InboxPruner) finds the rows handled before its horizon through this
-- index. BRIN: rows are written in the order they were handled, so a summary per range of pages finds the oldest at
-- the cost of a few bytes per page, and an insert on the event path keeps one btree, not two.
-- Repeatable and idempotent rather than V2: the services number their own migrations from V2 in the same history
-- table (see R__outbox_traceparent.sql).
CREATE INDEX IF NOT EXISTS inbox_handled_at ON inbox USING brin (handled_at);
