package io.extauth.order.status.adapter;

import io.extauth.contract.Topics;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.messaging.consumer.EventHandlers;
import io.extauth.messaging.consumer.InboundEvents;
import io.extauth.order.status.Order;
import io.extauth.order.status.OrderStatus;
import io.extauth.order.status.OrderStatus.Change;
import io.github.springwolf.bindings.kafka.annotations.KafkaAsyncOperationBinding;
import io.github.springwolf.core.asyncapi.annotations.AsyncListener;
import io.github.springwolf.core.asyncapi.annotations.AsyncOperation;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Moves order statuses as provisioning and activation report: {@code Provisioned} and {@code ProvisioningFailed}
 * name their order; {@code Activated} and {@code Deactivated} are about the user's live order.
 */
@Component
class OrderStatusListener {

    private static final Logger log = LoggerFactory.getLogger(OrderStatusListener.class);

    private final InboundEvents inbound;
    private final OrderStore orders;
    private final Clock clock;

    OrderStatusListener(InboundEvents inbound, OrderStore orders, Clock clock) {
        this.inbound = inbound;
        this.orders = orders;
        this.clock = clock;
    }

    @KafkaListener(topics = Topics.AUTH_PROVISIONED)
    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_PROVISIONED, payloadType = Provisioned.class,
            description = "The order named by orderId moves to PROVISIONED"))
    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_PROVISIONED,
            payloadType = ProvisioningFailed.class,
            description = "The order named by orderId moves to PROVISIONING_FAILED"))
    @KafkaAsyncOperationBinding
    public void onProvisioning(ConsumerRecord<String, byte[]> record) {
        inbound.process(record, EventHandlers.create()
                .on(Provisioned.class, (event, envelope) -> move(orders.findForUpdate(event.orderId()),
                        event.accountId(), event.userId(), Change.PROVISIONED, event.eventType()))
                .on(ProvisioningFailed.class, (event, envelope) -> move(orders.findForUpdate(event.orderId()),
                        event.accountId(), event.userId(), Change.PROVISIONING_FAILED, event.eventType())));
    }

    @KafkaListener(topics = Topics.AUTH_ACTIVATED)
    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_ACTIVATED, payloadType = Activated.class,
            description = "The user's live order moves to ACTIVE"))
    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_ACTIVATED, payloadType = Deactivated.class,
            description = "The user's live order moves to DEACTIVATED; a new order is accepted again"))
    @KafkaAsyncOperationBinding
    public void onActivation(ConsumerRecord<String, byte[]> record) {
        inbound.process(record, EventHandlers.create()
                .on(Activated.class, (event, envelope) -> move(orders.findLive(event.accountId(), event.userId()),
                        event.accountId(), event.userId(), Change.ACTIVATED, event.eventType()))
                .on(Deactivated.class, (event, envelope) -> move(orders.findLive(event.accountId(), event.userId()),
                        event.accountId(), event.userId(), Change.DEACTIVATED, event.eventType())));
    }

    private void move(Optional<Order> found, String accountId, String userId, Change change, String eventType) {
        if (found.isEmpty()) {
            log.info("{} for user {} of account {} matches no order here; nothing to move", eventType, userId,
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
            log.info("{} does not apply to order {} in status {}; it stays", eventType, order.orderId(),
                    order.status());
            return;
        }
        orders.updateStatus(order.orderId(), next.get(), clock.instant());
        log.info("Order {} moved from {} to {} on {}", order.orderId(), order.status(), next.get(), eventType);
    }
}
