-- Signatures of accepted vendor callbacks, kept while their timestamp is within the tolerance window: a second
-- callback with the same signature is a replay. The primary key makes the check hold across instances.
CREATE TABLE callback_signature (
    signature TEXT PRIMARY KEY,
    signed_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX callback_signature_signed_at ON callback_signature (signed_at);
