package io.extauth.order.intake.adapter;

import io.extauth.contract.Topics;
import io.extauth.contract.events.OrderPlaced;
import io.extauth.messaging.consumer.EventHandlers;
import io.extauth.messaging.consumer.InboundEvents;
import io.extauth.messaging.consumer.TopicListeners;
import io.github.springwolf.bindings.kafka.annotations.KafkaAsyncOperationBinding;
import io.github.springwolf.core.asyncapi.annotations.AsyncListener;
import io.github.springwolf.core.asyncapi.annotations.AsyncOperation;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;

/** The billing door: orders published by upstream billing systems. */
@Component
class BillingOrderListener implements TopicListeners {

    private final InboundEvents inbound;
    private final EventHandlers onBillingOrder;

    BillingOrderListener(InboundEvents inbound, OrderIntake intake) {
        this.inbound = inbound;
        this.onBillingOrder = EventHandlers.create()
                .on(OrderPlaced.class, (event, envelope) -> intake.placeFromBilling(event));
    }

    @Override
    public Map<String, RecordListener> byTopic() {
        return Map.of(Topics.BILLING_ORDERS, this::billingOrders);
    }

    @AsyncListener(operation = @AsyncOperation(channelName = Topics.BILLING_ORDERS, payloadType = OrderPlaced.class,
            description = "An order from a billing system: accepted as AuthOrdered or rejected as OrderRejected; "
                    + "a repeat of an orderId is a no-op"))
    @KafkaAsyncOperationBinding
    void billingOrders(ConsumerRecord<String, byte[]> record) {
        inbound.process(record, onBillingOrder);
    }
}
