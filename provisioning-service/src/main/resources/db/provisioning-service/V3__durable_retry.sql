-- Durable, non-blocking retry: the listener only records the work; a worker does it when next_attempt_at is due,
-- claiming rows with FOR UPDATE SKIP LOCKED and a lease so that several instances never do the same work twice.
ALTER TABLE provisioning
    ADD COLUMN email                TEXT,
    ADD COLUMN ordered_at           TIMESTAMPTZ,
    -- set only while there is work (status PENDING or DEPROVISIONING)
    ADD COLUMN next_attempt_at      TIMESTAMPTZ,
    -- the worker instance that claimed the row owns it until lease_until; lease_token proves it on completion
    ADD COLUMN lease_until          TIMESTAMPTZ,
    ADD COLUMN lease_token          UUID,
    -- the latest transient failure, for people watching an outage
    ADD COLUMN last_error           TEXT,
    ADD COLUMN deprovision_attempts INT NOT NULL DEFAULT 0,
    -- CANCELLED (OrderCancelled) or DEACTIVATED (Deactivated) while taking it back at the vendor
    ADD COLUMN undo_cause           TEXT;

UPDATE provisioning SET ordered_at = created_at;
ALTER TABLE provisioning ALTER COLUMN ordered_at SET NOT NULL;
-- rows left PENDING by the blocking retry of before get a worker now
UPDATE provisioning SET next_attempt_at = updated_at WHERE status = 'PENDING';

CREATE INDEX provisioning_due ON provisioning (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
