-- the transaction that inserted the row: shows which records a batch applied together
ALTER TABLE handled ADD COLUMN tx BIGINT NOT NULL DEFAULT txid_current();
