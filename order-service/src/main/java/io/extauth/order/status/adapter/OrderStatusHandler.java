package io.extauth.order.status.adapter;

import io.extauth.contract.events.Activated;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.order.status.Order;
import io.extauth.order.status.OrderStatus;
import io.extauth.order.status.OrderStatus.Change;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Moves order statuses as provisioning and activation report: {@code Provisioned} and {@code ProvisioningFailed}
 * name their order; {@code Activated} and {@code Deactivated} are about the user's live order.
 */
@Component
class OrderStatusHandler {

    private static final Logger log = LoggerFactory.getLogger(OrderStatusHandler.class);

    private final Orders orders;
    private final Clock clock;

    OrderStatusHandler(Orders orders, Clock clock) {
        this.orders = orders;
        this.clock = clock;
    }

    void provisioned(Provisioned event) {
        move(orders.findForUpdate(event.orderId()), event.accountId(), event.userId(), Change.PROVISIONED,
                event.eventType());
    }

    void provisioningFailed(ProvisioningFailed event) {
        move(orders.findForUpdate(event.orderId()), event.accountId(), event.userId(), Change.PROVISIONING_FAILED,
                event.eventType());
    }

    void activated(Activated event) {
        move(orders.findLive(event.accountId(), event.userId()), event.accountId(), event.userId(), Change.ACTIVATED,
                event.eventType());
    }

    void deactivated(Deactivated event) {
        move(orders.findLive(event.accountId(), event.userId()), event.accountId(), event.userId(),
                Change.DEACTIVATED, event.eventType());
    }

    private void move(Optional<Order> found, String accountId, String userId, Change change, String eventType) {
        if (found.isEmpty()) {
            log.debug("{} for user {} of account {} matches no order here; nothing to move", eventType, userId,
                    accountId);
            return;
        }
        Order order = found.get();
        if (!order.accountId().equals(accountId) || !order.userId().equals(userId)) {
            log.warn("{} names order {} but another user; the order stays {}", eventType, order.orderId(),
                    order.status());
            return;
        }
        Optional<OrderStatus> next = order.status().after(change);
        if (next.isEmpty()) {
            log.debug("{} does not apply to order {} in status {}; it stays", eventType, order.orderId(),
                    order.status());
            return;
        }
        orders.updateStatus(order.orderId(), next.get(), clock.instant());
        // every order makes this move: on the topics already, and a line each was a few percent of the order path
        log.debug("Order {} moved from {} to {} on {}", order.orderId(), order.status(), next.get(), eventType);
    }
}
