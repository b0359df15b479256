CREATE TABLE handled (event_id TEXT PRIMARY KEY, order_id TEXT NOT NULL);
