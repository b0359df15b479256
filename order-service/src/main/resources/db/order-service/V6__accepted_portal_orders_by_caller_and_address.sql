-- order-service: the HTTP door bounds the orders it accepts per caller and account, and per account and recipient
-- mailbox (extauth.orders.accepted.*): one account's admin, or the portal's token, could order for any number of users
-- of its account, each with one victim's address (or its +tags), and each made a vendor user and a provisioning mail,
-- queued ahead of every other account's. The bounds are counted from the orders themselves: the door keeps an order
-- only when it accepts it (channel 'PORTAL', ordered_by the token's sub), so its accepted orders of a window are its
-- rows of that window, and no second table has to be kept in step with them. Billing orders (the trusted upstream) are
-- neither bounded nor counted, hence the partial indexes. Values of accepted orders only: an account id of at most 64
-- characters, an address of at most 254 and a token sub of at most 255, far below the 2,704 bytes an index row may
-- have.
-- orders is never pruned: on a large one, building these holds up the orders of the instances still running while
-- it scans. Create them beforehand by hand, without that (CREATE INDEX CONCURRENTLY IF NOT EXISTS ... ON
-- <schema>.orders ..., as below), and this finds them there; should that fail, it leaves an invalid index of that
-- name, which this would take for the index: drop it before the start (as R__inbox_handled_at.sql).
CREATE INDEX IF NOT EXISTS orders_portal_by_caller ON orders (ordered_by, account_id, created_at)
    WHERE channel = 'PORTAL';

-- The mailbox bound counts per account, the address without a +tag, its ASCII letters in lower case whatever the
-- locale (Orders.mailbox: the same expression).
CREATE INDEX IF NOT EXISTS orders_portal_by_address
    ON orders (account_id, (lower(regexp_replace(email, '\+[^@]*@', '@') COLLATE "C")), created_at)
    WHERE channel = 'PORTAL';
