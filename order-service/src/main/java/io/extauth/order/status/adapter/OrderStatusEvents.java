package io.extauth.order.status.adapter;

import io.extauth.contract.Topics;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.messaging.outbox.Outbox;
import io.github.springwolf.bindings.kafka.annotations.KafkaAsyncOperationBinding;
import io.github.springwolf.core.asyncapi.annotations.AsyncOperation;
import io.github.springwolf.core.asyncapi.annotations.AsyncPublisher;
import org.springframework.stereotype.Component;

/** The events order status publishes, through the outbox of the caller's transaction. */
@Component
class OrderStatusEvents {

    private final Outbox outbox;

    OrderStatusEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    @AsyncPublisher(operation = @AsyncOperation(channelName = Topics.AUTH_ORDERED, payloadType = OrderCancelled.class,
            description = "An accepted order was cancelled before provisioning: do not provision it (or undo it)"))
    @KafkaAsyncOperationBinding
    void cancelled(OrderCancelled event) {
        outbox.publish(event);
    }
}
