package io.extauth.provisioning.adapter;

import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.OrderCancelled;
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
 * Orders to provision, cancellations and deactivations to take back: each recorded once through the messaging kit's
 * inbox as work for the {@link ProvisioningWorker}; the listener itself never waits for a vendor.
 */
@Component
class ProvisioningListener implements TopicListeners {

    private final InboundEvents inbound;
    private final EventHandlers onOrdered;
    private final EventHandlers onActivated;

    ProvisioningListener(InboundEvents inbound, ProvisioningHandler handler) {
        this.inbound = inbound;
        this.onOrdered = EventHandlers.create()
                .on(AuthOrdered.class, (event, envelope) -> handler.ordered(event))
                .on(OrderCancelled.class, (event, envelope) -> handler.cancelled(event));
        this.onActivated = EventHandlers.create()
                .on(Deactivated.class, (event, envelope) -> handler.deactivated(event));
    }

    @Override
    public Map<String, RecordListener> byTopic() {
        return Map.of(Topics.AUTH_ORDERED, this::ordered, Topics.AUTH_ACTIVATED, this::activated);
    }

    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_ORDERED, payloadType = AuthOrdered.class,
            description = "Provision the order at its vendor; answers with Provisioned or ProvisioningFailed"))
    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_ORDERED, payloadType = OrderCancelled.class,
            description = "Do not provision the order if it is still pending, or remove it at the vendor"))
    @KafkaAsyncOperationBinding
    void ordered(ConsumerRecord<String, byte[]> record) {
        inbound.process(record, onOrdered);
    }

    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_ACTIVATED, payloadType = Deactivated.class,
            description = "Deprovision the user's factor at its vendor (retried durably)"))
    @KafkaAsyncOperationBinding
    void activated(ConsumerRecord<String, byte[]> record) {
        inbound.process(record, onActivated);
    }
}
