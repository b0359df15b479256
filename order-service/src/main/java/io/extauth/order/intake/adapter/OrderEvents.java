package io.extauth.order.intake.adapter;

import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.OrderRejected;
import io.extauth.messaging.outbox.Outbox;
import io.github.springwolf.bindings.kafka.annotations.KafkaAsyncOperationBinding;
import io.github.springwolf.core.asyncapi.annotations.AsyncOperation;
import io.github.springwolf.core.asyncapi.annotations.AsyncPublisher;
import org.springframework.stereotype.Component;

/** The events order intake publishes, through the outbox of the caller's transaction. */
@Component
class OrderEvents {

    private final Outbox outbox;

    OrderEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    @AsyncPublisher(operation = @AsyncOperation(channelName = Topics.AUTH_ORDERED, payloadType = AuthOrdered.class,
            description = "A validated, priced order from the portal or billing; exactly one per order"))
    @KafkaAsyncOperationBinding
    void ordered(AuthOrdered event) {
        outbox.publish(event);
    }

    @AsyncPublisher(operation = @AsyncOperation(channelName = Topics.BILLING_ORDERS_REJECTED,
            payloadType = OrderRejected.class,
            description = "A billing order that failed validation, with every reason at once"))
    @KafkaAsyncOperationBinding
    void rejected(OrderRejected event) {
        outbox.publish(event);
    }
}
