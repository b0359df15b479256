package io.extauth.order.status.adapter;

import io.extauth.contract.events.Activated;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.order.status.OrderStatus.Change;
import io.extauth.order.status.adapter.Orders.Move;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Moves order statuses as provisioning and activation report: {@code Provisioned} and {@code ProvisioningFailed}
 * name their order, and so do an {@code Activated} and a {@code Deactivated} written since they carry
 * {@code orderId}; older ones are about the user's live order.
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
        logged(orders.move(event.orderId(), event.accountId(), event.userId(), Change.PROVISIONED, clock.instant()),
                event.accountId(), event.userId(), event.eventType());
    }

    void provisioningFailed(ProvisioningFailed event) {
        logged(orders.move(event.orderId(), event.accountId(), event.userId(), Change.PROVISIONING_FAILED,
                clock.instant()), event.accountId(), event.userId(), event.eventType());
    }

    /**
     * The activated order itself when the event names it: the user's live order may be another by the time it is read
     * (the activated one cancelled or failed here meanwhile, and the user ordered again), and must not turn ACTIVE,
     * and billed, for a factor that is not its own.
     */
    void activated(Activated event) {
        Optional<Move> found = event.orderId() != null
                ? orders.move(event.orderId(), event.accountId(), event.userId(), Change.ACTIVATED, clock.instant())
                : orders.moveLive(event.accountId(), event.userId(), Change.ACTIVATED, clock.instant());
        logged(found, event.accountId(), event.userId(), event.eventType());
    }

    /** The deactivated order itself when the event names it, as for {@link #activated}. */
    void deactivated(Deactivated event) {
        Optional<Move> found = event.orderId() != null
                ? orders.move(event.orderId(), event.accountId(), event.userId(), Change.DEACTIVATED, clock.instant())
                : orders.moveLive(event.accountId(), event.userId(), Change.DEACTIVATED, clock.instant());
        logged(found, event.accountId(), event.userId(), event.eventType());
    }

    /** Each move is one statement ({@link Orders#move}): what it found and did, said in the log. */
    private static void logged(Optional<Move> found, String accountId, String userId, String eventType) {
        if (found.isEmpty()) {
            log.debug("{} for user {} of account {} matches no order here; nothing to move", eventType, userId,
                    accountId);
            return;
        }
        Move move = found.get();
        if (!move.accountId().equals(accountId) || !move.userId().equals(userId)) {
            log.warn("{} names order {} but another user; the order stays {}", eventType, move.orderId(), move.from());
        } else if (move.to() == null) {
            log.debug("{} does not apply to order {} in status {}; it stays", eventType, move.orderId(), move.from());
        } else {
            // every order makes this move: on the topics already, and a line each was a few percent of the order path
            log.debug("Order {} moved from {} to {} on {}", move.orderId(), move.from(), move.to(), eventType);
        }
    }
}
