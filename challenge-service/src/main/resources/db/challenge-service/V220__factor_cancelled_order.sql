-- challenge-service (session 65): a cancellation read while its order is not the user's (UserFactor.cancel) is kept,
-- the last one per user, so that the order, should it be read after it, is refused (CANCELLED_BEFORE) instead of
-- becoming the user's order. An AuthOrdered dead-lettered (its database gone past extauth.messaging.retry.database-
-- wait) and replayed by an operator after its OrderCancelled was read left the user ORDERED on an order order-service
-- holds cancelled and provisioning-service never provisions. A nullable column without a default: no rewrite of the
-- table, and the lock it takes is released at once (the migration has no other statement).
ALTER TABLE user_factor ADD COLUMN IF NOT EXISTS cancelled_order_id TEXT;
