-- challenge-service (issue 5): settings status, PIN reset, the Symantec activation lock, who asked for a verification.

-- ACTIVE or INACTIVE as the user last saved it; NULL before any settings were saved. INACTIVE suspends challenges
-- of an active user without touching method, phones or PIN.
ALTER TABLE user_factor ADD COLUMN settings_status TEXT;

-- Wrong Symantec activation codes are limited like challenges: the n-th consecutive one (activation_failures, from
-- V2) locks activation until this instant. A lock that has run out is forgotten at the next attempt.
ALTER TABLE user_factor ADD COLUMN activation_locked_until TIMESTAMPTZ;

-- Who started a verification (portal or admin): named as changedBy when a verified phone changes an active factor.
ALTER TABLE phone_verification ADD COLUMN requested_by TEXT;
