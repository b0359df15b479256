-- Sends of the e-mail that the SMTP server was handed whole and never answered (no reply to the end of its data
-- within mail.smtp.timeout, or the connection lost before one): it may have taken each of them. The worker sends such
-- an e-mail again once, under the same Message-ID, and gives it up (FAILED) after a second: the user gets it twice at
-- most, never once per retry.
ALTER TABLE email ADD COLUMN unconfirmed_sends INT NOT NULL DEFAULT 0;
