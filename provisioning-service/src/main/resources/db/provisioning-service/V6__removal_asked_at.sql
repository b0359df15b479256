-- provisioning-service (session 64): when an order's removal at its vendor was asked for, so that the age of the
-- oldest removal still waiting can be read (ProvisioningGauges, extauth_provisioning_removal_oldest_age_seconds) and
-- alerted on (ExtauthRemovalsWaiting): a vendor that is down is retried without end, and a Symantec credential that is
-- never removed holds up its next user's order. created_at is the order's, updated_at moves with every attempt: neither
-- says how long the removal has waited. Set once, by the first ask (ProvisioningRecords.removeAtVendor).
ALTER TABLE provisioning ADD COLUMN IF NOT EXISTS removal_asked_at timestamptz;
-- A removal already under way at the upgrade was asked for no later than its last change: its age reads short until it
-- is done, never long. Only the rows still to do, through the due-work index (the ALTER above holds the table for the
-- whole migration); one that an instance of the version before takes back during a rolling upgrade has no ask time
-- either, and is read by its last change too (ProvisioningGauges).
UPDATE provisioning SET removal_asked_at = updated_at
WHERE next_attempt_at IS NOT NULL AND status = 'DEPROVISIONING' AND removal_asked_at IS NULL;
