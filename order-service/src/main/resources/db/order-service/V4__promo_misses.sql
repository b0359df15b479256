-- Promo codes a portal caller sent that did not apply (unknown, expired, or not for the type), counted per caller so
-- that no caller tries codes at the rate of its requests (extauth.orders.promo-misses.*). Only the window's rows
-- matter; a caller's older ones are deleted as it misses again.
CREATE TABLE promo_miss (
    caller    TEXT        NOT NULL,
    missed_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX promo_miss_by_caller ON promo_miss (caller, missed_at);
