-- challenge-service (session 37): the sign-in a challenge was issued for. A portal or VPN gateway may name its sign-in
-- attempt (loginId in POST /api/challenges); the open challenge of a user and channel is then given back only to the
-- same sign-in, so a second sign-in started meanwhile (an attacker's, with the user's password) cannot pass on the
-- user's answer to the first. The column holds the SHA-256 of the loginId (hex), never the loginId: a portal may use
-- a session's id. NULL for a challenge asked for without a loginId, and on every row written before.
ALTER TABLE challenge ADD COLUMN sign_in_key TEXT;
