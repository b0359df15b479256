-- challenge-service (session 62): as challenge.lost_code_key (V170), for Symantec activation: the key of a security code
-- VIP may have taken in an activation whose verdict was lost. The same code sent again, which VIP then calls used, is
-- no activation strike. HMAC-SHA256 under the pepper, never the code; NULL until such an answer.
ALTER TABLE user_factor ADD COLUMN activation_lost_code_key TEXT;
