-- challenge-service (saves review): a settings save is an admin's (bounded per caller within the account) or the
-- user's own through the portal (bounded per user): the portal signs in with one token for all its users, so counting
-- its saves per caller made every portal user of an account share one bucket, and counting an admin's per user let 20
-- saves of a stolen portal session block the admin's remediation. Rows written before this column (at most one window
-- of them) read as the user's.
ALTER TABLE settings_save ADD COLUMN by_admin BOOLEAN NOT NULL DEFAULT false;
