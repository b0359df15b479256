-- provisioning-service (session 64): when an order's removal at its vendor was asked for, so that the age of the
-- oldest removal still waiting can be read (ProvisioningGauges, extauth_provisioning_removal_oldest_age_seconds) and
-- alerted on (ExtauthRemovalsWaiting): a vendor that is down is retried without end, and a Symantec credential that is
-- never removed holds up its next user's order. created_at is the order's, updated_at moves with every attempt: neither
-- says how long the removal has waited. Set once, by the first ask (ProvisioningRecords.removeAtVendor).
ALTER TABLE provisioning ADD COLUMN IF NOT EXISTS removal_asked_at timestamptz;
-- A removal already under way at the upgrade was asked for no later than its last change: its age reads short until it
-- is done, never long.
UPDATE provisioning SET removal_asked_at = updated_at WHERE status = 'DEPROVISIONING' AND removal_asked_at IS NULL;
