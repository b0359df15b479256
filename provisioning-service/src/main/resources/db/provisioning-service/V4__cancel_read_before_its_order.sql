-- provisioning-service (session 37): an OrderCancelled read before its AuthOrdered (the order was dead-lettered and is
-- replayed later) leaves a row for the order, CANCELLED, as a Deactivated read first does, so that the order is never
-- provisioned when it comes. OrderCancelled names no type, so that row has none until the order's AuthOrdered fills it
-- in. A row without a type is no work and nothing reads it but that insert: every read and claim takes only rows of a
-- type this version knows.
ALTER TABLE provisioning ALTER COLUMN type DROP NOT NULL;
