-- The key of the recipient's part of a fraud notice's Message-ID (MessageIdKey): 32 random bytes, as hex, made here once
-- per database, so that every instance keys alike and a resend keeps its Message-ID. gen_random_uuid() draws from
-- PostgreSQL's strong random source; two of them give 244 random bits. Before, that part was a plain SHA-256 of the
-- admin's address, which anyone reading auth.email-sent could test guesses against.
CREATE TABLE message_id_key (
    id     INT  PRIMARY KEY CHECK (id = 1),
    secret TEXT NOT NULL
);

INSERT INTO message_id_key (id, secret)
VALUES (1, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));

-- An event's notice is queued once per admin whatever its Message-ID: a FraudReported replayed after its inbox row is
-- gone (retention shortened by hand) finds the rows queued under the plain hash before V8, or under a key made again,
-- and mails nobody twice. Rows queued so far have one Message-ID per event and address, so none conflict.
CREATE UNIQUE INDEX email_admin_once ON email (event_id, template, recipient) WHERE recipient IS NOT NULL;
