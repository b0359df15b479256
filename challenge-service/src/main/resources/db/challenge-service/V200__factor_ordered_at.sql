-- challenge-service (session 63): when the user's current order was placed (AuthOrdered.orderedAt, order-service's
-- clock). A new order takes a live factor's place since this session (order-service cancelled the earlier one too
-- late), so an ended order read again (replayed from the dead letters) must not: one placed no later than this is
-- refused (UserFactor.order, STALE_ORDER). NULL for a factor ordered before: only the same order is refused for it.
ALTER TABLE user_factor ADD COLUMN ordered_at TIMESTAMPTZ;
