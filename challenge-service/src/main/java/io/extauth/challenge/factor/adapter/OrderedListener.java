package io.extauth.challenge.factor.adapter;

import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.lifecycle.UserLifecycle;
import io.extauth.messaging.cloudevents.IncomingEvent;
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
 * An accepted order moves the user to ORDERED, from any state ({@code UserFactor.order}); the user's own order read
 * again, or one placed no later than it (an ended order replayed), is refused: logged, and the event is done with.
 */
@Component
class OrderedListener implements TopicListeners {

    private final InboundEvents inbound;
    private final FactorTransitions transitions;
    private final UserLifecycle lifecycle;
    private final EventHandlers handlers;

    OrderedListener(InboundEvents inbound, FactorTransitions transitions, UserLifecycle lifecycle) {
        this.inbound = inbound;
        this.transitions = transitions;
        this.lifecycle = lifecycle;
        this.handlers = EventHandlers.create().on(AuthOrdered.class, this::ordered)
                .on(OrderCancelled.class, this::cancelled);
    }

    @Override
    public Map<String, RecordListener> byTopic() {
        return Map.of(Topics.AUTH_ORDERED, this::onOrdered);
    }

    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_ORDERED, payloadType = AuthOrdered.class,
            description = "The user's factor becomes ORDERED"))
    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_ORDERED, payloadType = OrderCancelled.class,
            description = "The order's factor goes back to NONE (an order not provisioned yet, cancelled)"))
    @KafkaAsyncOperationBinding
    void onOrdered(ConsumerRecord<String, byte[]> record) {
        inbound.process(record, handlers);
    }

    private void ordered(AuthOrdered event, IncomingEvent envelope) {
        transitions.applyCreating(event.accountId(), event.userId(), factor -> factor.order(lifecycle, event.type(),
                event.orderId(), event.credentialId(), event.orderedAt(),
                "AuthOrdered " + event.orderId() + " (" + envelope.id() + ")"));
    }

    private void cancelled(OrderCancelled event, IncomingEvent envelope) {
        transitions.applyCreating(event.accountId(), event.userId(), factor -> factor.cancel(lifecycle,
                event.orderId(), "OrderCancelled " + event.orderId() + " by " + event.cancelledBy() + " ("
                        + envelope.id() + ")"));
    }
}
