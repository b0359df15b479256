package io.extauth.challenge.factor;

import io.extauth.contract.Topics;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.lifecycle.LifecycleState;
import io.extauth.lifecycle.LifecycleTrigger;
import io.extauth.messaging.cloudevents.IncomingEvent;
import io.extauth.messaging.consumer.EventHandlers;
import io.extauth.messaging.consumer.InboundEvents;
import io.github.springwolf.bindings.kafka.annotations.KafkaAsyncOperationBinding;
import io.github.springwolf.core.asyncapi.annotations.AsyncListener;
import io.github.springwolf.core.asyncapi.annotations.AsyncOperation;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** The vendor's answer to an order: PROVISION (activation may begin) or PROVISIONING_FAIL (back to NONE). */
@Component
class ProvisioningListener {

    private static final Logger log = LoggerFactory.getLogger(ProvisioningListener.class);

    private final InboundEvents inbound;
    private final UserFactors factors;
    private final FactorLifecycle lifecycle;
    private final Clock clock;
    private final EventHandlers handlers;

    ProvisioningListener(InboundEvents inbound, UserFactors factors, FactorLifecycle lifecycle, Clock clock) {
        this.inbound = inbound;
        this.factors = factors;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.handlers = EventHandlers.create()
                .on(Provisioned.class, (event, envelope) -> apply(event.accountId(), event.userId(), event.orderId(),
                        LifecycleTrigger.PROVISION, "Provisioned", envelope))
                .on(ProvisioningFailed.class, (event, envelope) -> apply(event.accountId(), event.userId(),
                        event.orderId(), LifecycleTrigger.PROVISIONING_FAIL, "ProvisioningFailed", envelope));
    }

    @KafkaListener(topics = Topics.AUTH_PROVISIONED)
    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_PROVISIONED, payloadType = Provisioned.class,
            description = "Provisioned: the factor becomes PROVISIONED; ProvisioningFailed: back to NONE"))
    @KafkaAsyncOperationBinding
    void onProvisioning(ConsumerRecord<String, byte[]> record) {
        inbound.process(record, handlers);
    }

    private void apply(String accountId, String userId, String orderId, LifecycleTrigger trigger, String what,
            IncomingEvent envelope) {
        UserFactor factor = factors.lockOrCreate(accountId, userId, clock.instant());
        if (factor.state() == LifecycleState.NONE && !orderId.equals(factor.orderId())) {
            // auth.ordered and auth.provisioned are separate topics: the order may simply not be here yet.
            // Throwing rolls back the inbox row, so the kit retries with back-off (and dead-letters in the end).
            throw new OrderNotYetSeenException(what + " for order " + orderId + " of " + accountId + "/" + userId
                    + " arrived before its AuthOrdered");
        }
        if (!orderId.equals(factor.orderId())) {
            log.info("{}/{}: {} for order {} ignored, the user's order is {}", accountId, userId, what, orderId,
                    factor.orderId());
            return;
        }
        lifecycle.fire(factor, trigger, what + " " + orderId + " (" + envelope.id() + ")")
                .ifPresent(moved -> factors.save(moved, clock.instant()));
    }

    /** Transient by nature: retried until the order has been seen. */
    static class OrderNotYetSeenException extends RuntimeException {

        OrderNotYetSeenException(String message) {
            super(message);
        }
    }
}
