-- Promo codes: a percentage or an amount off the monthly fee, on the days from valid_from to valid_until included.
CREATE TABLE promos (
    code        TEXT PRIMARY KEY,
    percent_off NUMERIC(5, 2),
    amount_off  NUMERIC(10, 2),
    valid_from  DATE        NOT NULL,
    valid_until DATE        NOT NULL,
    applies_to  TEXT[]      NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT promos_one_discount CHECK ((percent_off IS NULL) <> (amount_off IS NULL)),
    CONSTRAINT promos_window CHECK (valid_from <= valid_until)
);

INSERT INTO promos (code, percent_off, valid_from, valid_until, applies_to)
VALUES ('WELCOME10', 10, DATE '2026-01-01', DATE '2030-12-31', ARRAY ['SYMANTEC_VIP', 'PHONEFACTOR']);
