-- the order in which the rows were inserted: shows in which order the handlers ran, across transactions
ALTER TABLE handled ADD COLUMN applied BIGINT GENERATED ALWAYS AS IDENTITY;
