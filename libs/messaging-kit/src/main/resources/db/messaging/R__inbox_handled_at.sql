-- The inbox's prune (io.extauth.messaging.inbox.InboxPruner) finds the rows handled before its horizon through this
-- index instead of reading the whole table each round. A btree: handled_at only grows, so each insert adds to its
-- right-most page; a BRIN index (the first form of this file, dropped here) widens its ranges for good once the pages
-- the prune freed are filled again, and would end up reading most of the table.
-- On an inbox that has grown large, creating it holds up the inserts of the instances still running while it is built:
-- create it beforehand by hand, without that (CREATE INDEX CONCURRENTLY IF NOT EXISTS inbox_by_handled_at ON
-- <schema>.inbox (handled_at)), and this finds it there. Should that fail, it leaves an invalid index of that name,
-- which this would take for the index: drop it before the start.
-- Repeatable and idempotent rather than V2: the services number their own migrations from V2 in the same history
-- table (see R__outbox_traceparent.sql).
DROP INDEX IF EXISTS inbox_handled_at;
CREATE INDEX IF NOT EXISTS inbox_by_handled_at ON inbox (handled_at);
