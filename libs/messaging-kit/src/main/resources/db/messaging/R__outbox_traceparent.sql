-- The W3C traceparent of the transaction that wrote an outbox row, sent as the record's traceparent header so the
-- consumer continues the producer's trace; NULL when the change ran outside a trace.
-- Repeatable and idempotent rather than V2: the services number their own migrations from V2 in the same history
-- table, so no version is free for the kit, and a lower one (V1_1) would be refused on databases already past it.
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS traceparent TEXT;
