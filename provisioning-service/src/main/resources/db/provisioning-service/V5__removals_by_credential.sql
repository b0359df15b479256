-- provisioning-service (session 63): a Symantec order waits while a removal of its credential is under way for any
-- user, not only its own (VIP binds a credential to one user at a time): the worker looks for such a removal before
-- each attempt of such an order (ProvisioningRecords.removalOfTheCredential), and finds it here instead of reading
-- the whole table. Partial: only the few rows being removed, and the status a literal in the query as here,
-- so that a generic plan takes the index too.
-- On a table that has grown large, creating it holds up the inserts of the instances still running while it is built:
-- create it beforehand by hand, without that (CREATE INDEX CONCURRENTLY IF NOT EXISTS provisioning_removing_credential
-- ON <schema>.provisioning (credential_id) WHERE status = 'DEPROVISIONING'), and this finds it there.
CREATE INDEX IF NOT EXISTS provisioning_removing_credential ON provisioning (credential_id)
    WHERE status = 'DEPROVISIONING';
