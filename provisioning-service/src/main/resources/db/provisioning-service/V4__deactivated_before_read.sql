-- A Deactivated names its order (orderId, added to the contract 2026-12-04). Read before that order's AuthOrdered
-- (auth.activated and auth.ordered are separate topics), it leaves the order's row behind without a type: status
-- CANCELLED, undo_cause DEACTIVATED. The AuthOrdered fills it in when it comes and the order is never tried. The row,
-- keyed by the order, is what makes the two handlers wait for each other when they run at once.
ALTER TABLE provisioning ALTER COLUMN type DROP NOT NULL;
