package io.extauth.order.status.adapter;

import io.extauth.contract.Topics;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.messaging.consumer.EventHandlers;
import io.extauth.messaging.consumer.InboundEvents;
import io.extauth.messaging.consumer.TopicListeners;
import io.github.springwolf.bindings.kafka.annotations.KafkaAsyncOperationBinding;
import io.github.springwolf.core.asyncapi.annotations.AsyncListener;
import io.github.springwolf.core.asyncapi.annotations.AsyncOperation;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;

/**
 * What provisioning and activation report, taken once through the messaging kit's inbox and handed to the
 * {@link OrderStatusHandler}.
 */
@Component
class OrderStatusListener implements TopicListeners {

    private final InboundEvents inbound;
    private final EventHandlers onProvisioned;
    private final EventHandlers onActivated;

    OrderStatusListener(InboundEvents inbound, OrderStatusHandler handler) {
        this.inbound = inbound;
        this.onProvisioned = EventHandlers.create()
                .on(Provisioned.class, (event, envelope) -> handler.provisioned(event))
                .on(ProvisioningFailed.class, (event, envelope) -> handler.provisioningFailed(event));
        this.onActivated = EventHandlers.create()
                .on(Activated.class, (event, envelope) -> handler.activated(event))
                .on(Deactivated.class, (event, envelope) -> handler.deactivated(event));
    }

    @Override
    public Map<String, RecordListener> byTopic() {
        return Map.of(Topics.AUTH_PROVISIONED, this::provisioned, Topics.AUTH_ACTIVATED, this::activated);
    }

    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_PROVISIONED, payloadType = Provisioned.class,
            description = "The order named by orderId moves to PROVISIONED"))
    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_PROVISIONED,
            payloadType = ProvisioningFailed.class,
            description = "The order named by orderId moves to PROVISIONING_FAILED"))
    @KafkaAsyncOperationBinding
    void provisioned(ConsumerRecord<String, byte[]> record) {
        inbound.process(record, onProvisioned);
    }

    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_ACTIVATED, payloadType = Activated.class,
            description = "The order it names (orderId; without it the user's live order) moves to ACTIVE"))
    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_ACTIVATED, payloadType = Deactivated.class,
            description = "The order it names (orderId; without it the user's live order) moves to DEACTIVATED; "
                    + "a new order is accepted again"))
    @KafkaAsyncOperationBinding
    void activated(ConsumerRecord<String, byte[]> record) {
        inbound.process(record, onActivated);
    }
}
