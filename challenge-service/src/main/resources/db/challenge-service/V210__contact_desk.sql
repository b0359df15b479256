-- challenge-service (session 64): a login's call or text is counted against its number twice over. Against the desk,
-- the number as the vendor is given it (a call to an extension: E.164 plus ';ext=', each desk behind a switchboard its
-- own; a text: the number), five in ten minutes as before: counted by the switchboard's number alone, five calls to one
-- desk refused every other desk's sign-ins, in every account. And against the number whatever its extension (as
-- destination_hash always was), with a higher bound: an extension is whatever the caller types, so '1', '01' and '001'
-- ring the same line, and counted only by desk, a number could be rung as often as it had made-up desks.
-- desk_hash is keyed by the pepper as destination_hash is; rows counted before this have none, so the desks' counts
-- start afresh once, at the upgrade (the numbers' do not).
ALTER TABLE contact_attempt ADD COLUMN IF NOT EXISTS desk_hash TEXT;
-- contact_attempt holds a day of contacts at most (ContactLimits.forgetOldContacts): small enough to index at once
CREATE INDEX IF NOT EXISTS contact_attempt_desk ON contact_attempt (desk_hash, attempted_at)
    WHERE desk_hash IS NOT NULL;
