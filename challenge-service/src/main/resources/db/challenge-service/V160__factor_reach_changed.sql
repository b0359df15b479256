-- challenge-service (session 62): when a factor last changed how it reaches or checks its user (a phone replaced, the
-- method, the PIN added, changed, removed or reset, challenges suspended). A PORTAL challenge passed before then is no
-- longer the proof a weakening change asks for: an admin who replaces the phone a thief holds ends the thief's proof
-- too, not only the thief's challenges still open. NULL until the first such change; adding it rewrites nothing.
ALTER TABLE user_factor ADD COLUMN reach_changed_at TIMESTAMPTZ;
