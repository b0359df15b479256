package io.extauth.challenge.factor;

import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.lifecycle.LifecycleTrigger;
import io.extauth.messaging.cloudevents.IncomingEvent;
import io.extauth.messaging.consumer.EventHandlers;
import io.extauth.messaging.consumer.InboundEvents;
import io.github.springwolf.bindings.kafka.annotations.KafkaAsyncOperationBinding;
import io.github.springwolf.core.asyncapi.annotations.AsyncListener;
import io.github.springwolf.core.asyncapi.annotations.AsyncOperation;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * An accepted order moves the user to ORDERED. order-service has validated it; should the lifecycle still refuse
 * (the order of a user whose factor is live), the refusal is logged and the event is done with.
 */
@Component
class OrderedListener {

    private final InboundEvents inbound;
    private final UserFactors factors;
    private final FactorLifecycle lifecycle;
    private final Clock clock;
    private final EventHandlers handlers;

    OrderedListener(InboundEvents inbound, UserFactors factors, FactorLifecycle lifecycle, Clock clock) {
        this.inbound = inbound;
        this.factors = factors;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.handlers = EventHandlers.create().on(AuthOrdered.class, this::ordered)
                .on(OrderCancelled.class, this::cancelled);
    }

    @KafkaListener(topics = Topics.AUTH_ORDERED)
    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_ORDERED, payloadType = AuthOrdered.class,
            description = "AuthOrdered: the user's factor becomes ORDERED; OrderCancelled: back to NONE"))
    @KafkaAsyncOperationBinding
    void onOrdered(ConsumerRecord<String, byte[]> record) {
        inbound.process(record, handlers);
    }

    private void ordered(AuthOrdered event, IncomingEvent envelope) {
        UserFactor factor = factors.lockOrCreate(event.accountId(), event.userId(), clock.instant());
        lifecycle.fire(factor, LifecycleTrigger.ORDER, "AuthOrdered " + event.orderId() + " (" + envelope.id() + ")")
                .ifPresent(ordered -> factors.save(
                        ordered.ordered(event.type(), event.orderId(), event.credentialId()), clock.instant()));
    }

    /** Only the user's current order can be cancelled; a cancellation of an older one changes nothing. */
    private void cancelled(OrderCancelled event, IncomingEvent envelope) {
        UserFactor factor = factors.lockOrCreate(event.accountId(), event.userId(), clock.instant());
        if (!event.orderId().equals(factor.orderId())) {
            return;
        }
        lifecycle.fire(factor, LifecycleTrigger.CANCEL, "OrderCancelled " + event.orderId() + " by "
                + event.cancelledBy() + " (" + envelope.id() + ")")
                .ifPresent(cancelled -> factors.save(cancelled, clock.instant()));
    }
}
