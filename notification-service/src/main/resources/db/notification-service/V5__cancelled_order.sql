-- An order cancelled after provisioning-service wrote its Provisioned (order-service took the cancel before it read the
-- Provisioned, and provisioning-service removes the vendor's user): the contact keeps when it was cancelled, and the
-- order's provisioning e-mail is withdrawn rather than sent (email.status 'WITHDRAWN', with the reason).
ALTER TABLE contact ADD COLUMN cancelled_at TIMESTAMPTZ;
