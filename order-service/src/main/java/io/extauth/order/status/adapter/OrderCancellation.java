package io.extauth.order.status.adapter;

import io.extauth.contract.events.OrderCancelled;
import io.extauth.order.status.Order;
import io.extauth.order.status.OrderStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cancels an order that is not provisioned yet, with its {@code OrderCancelled} in the same transaction. The row lock
 * serialises a cancel with a {@code Provisioned} arriving at the same moment: one of them wins, never both.
 */
@Service
class OrderCancellation {

    private static final Logger log = LoggerFactory.getLogger(OrderCancellation.class);

    /** What became of a cancel request: the order as it now stands and how the request was decided. */
    record Outcome(Order order, OrderStatus.Cancellation verdict) {
    }

    private final Orders orders;
    private final OrderStatusEvents events;
    private final Clock clock;

    OrderCancellation(Orders orders, OrderStatusEvents events, Clock clock) {
        this.orders = orders;
        this.events = events;
        this.clock = clock;
    }

    /** Empty when there is no such order; the caller checks account access on the order it gets back. */
    @Transactional
    Optional<Outcome> cancel(String orderId, String cancelledBy, AccessCheck access) {
        Optional<Order> found = orders.findForUpdate(orderId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Order order = found.get();
        access.require(order.accountId());
        OrderStatus.Cancellation verdict = order.status().cancellation();
        if (verdict != OrderStatus.Cancellation.CANCEL) {
            return Optional.of(new Outcome(order, verdict));
        }
        Instant now = clock.instant();
        orders.updateStatus(orderId, OrderStatus.CANCELLED, now);
        events.cancelled(new OrderCancelled(order.accountId(), order.userId(), orderId, cancelledBy, now));
        log.info("Order {} of user {} of account {} cancelled by {}", orderId, order.userId(), order.accountId(),
                cancelledBy);
        return orders.find(orderId).map(cancelledOrder -> new Outcome(cancelledOrder, verdict));
    }

    /** Refuses (by throwing) a caller who may not act on the account; runs under the order's row lock. */
    @FunctionalInterface
    interface AccessCheck {
        void require(String accountId);
    }
}
