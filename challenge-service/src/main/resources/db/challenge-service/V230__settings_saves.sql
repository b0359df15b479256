-- challenge-service (spend review): PhoneFactor settings saves that change something are counted per caller (the
-- token's subject) within an account, and per user (FactorSettingsSaves, extauth.factor-changes.saves-per-*): each
-- one costs a bcrypt when it carries a PIN and, on an active factor, an e-mail to the user (FactorSettingsChanged).
-- Without a bound an admin (or the portal token) looping saves held every request thread in bcrypt and queued
-- unlimited mail ahead of other accounts' lockout and fraud notices. Rows older than the window are deleted.
CREATE TABLE settings_save (
    id         BIGSERIAL PRIMARY KEY,
    account_id TEXT        NOT NULL,
    user_id    TEXT        NOT NULL,
    caller     TEXT        NOT NULL,
    saved_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX settings_save_caller ON settings_save (account_id, caller, saved_at);
CREATE INDEX settings_save_user ON settings_save (account_id, user_id, saved_at);
CREATE INDEX settings_save_age ON settings_save (saved_at);
