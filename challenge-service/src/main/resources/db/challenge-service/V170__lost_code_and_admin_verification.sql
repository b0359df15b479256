-- challenge-service (session 62): the key of a security code VIP may have taken in an answer whose verdict was lost (a
-- read timeout, a 5xx after it judged): HMAC-SHA256 under the pepper of the challenge's id and the code, never the
-- code. The same code sent again is called used by VIP, which is no strike then: nobody knows whether it was right.
-- NULL on every challenge until such an answer; adding it rewrites nothing.
ALTER TABLE challenge ADD COLUMN lost_code_key TEXT;

-- And whether a phone verification was asked for by an admin of the account: the phone it saves then ends the proof
-- of a challenge passed before (user_factor.reach_changed_at), as an admin's other changes do; one the user asked for
-- with that proof does not. NULL on rows written before: not an admin's.
ALTER TABLE phone_verification ADD COLUMN requested_by_admin BOOLEAN;
