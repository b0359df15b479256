package io.extauth.challenge.factor.adapter;

import io.extauth.challenge.factor.FactorRefusal;
import io.extauth.challenge.factor.FactorTransition;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
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

/** The vendor's answer to an order: PROVISION (activation may begin) or PROVISIONING_FAIL (back to NONE). */
@Component
class ProvisioningListener implements TopicListeners {

    private final InboundEvents inbound;
    private final FactorTransitions transitions;
    private final UserLifecycle lifecycle;
    private final EventHandlers handlers;

    ProvisioningListener(InboundEvents inbound, FactorTransitions transitions, UserLifecycle lifecycle) {
        this.inbound = inbound;
        this.transitions = transitions;
        this.lifecycle = lifecycle;
        this.handlers = EventHandlers.create()
                .on(Provisioned.class, (event, envelope) -> apply(event.accountId(), event.userId(), event.orderId(),
                        true, "Provisioned", envelope))
                .on(ProvisioningFailed.class, (event, envelope) -> apply(event.accountId(), event.userId(),
                        event.orderId(), false, "ProvisioningFailed", envelope));
    }

    @Override
    public Map<String, RecordListener> byTopic() {
        return Map.of(Topics.AUTH_PROVISIONED, this::onProvisioning);
    }

    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_PROVISIONED, payloadType = Provisioned.class,
            description = "The factor becomes PROVISIONED"))
    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_PROVISIONED,
            payloadType = ProvisioningFailed.class, description = "The factor goes back to NONE"))
    @KafkaAsyncOperationBinding
    void onProvisioning(ConsumerRecord<String, byte[]> record) {
        inbound.process(record, handlers);
    }

    private void apply(String accountId, String userId, String orderId, boolean succeeded, String what,
            IncomingEvent envelope) {
        FactorTransition result = transitions.applyCreating(accountId, userId, factor -> factor.provision(lifecycle,
                orderId, succeeded, what + " " + orderId + " (" + envelope.id() + ")"));
        if (result instanceof FactorTransition.Refused refused
                && refused.reason() == FactorRefusal.Reason.ORDER_NOT_YET_SEEN) {
            // auth.ordered and auth.provisioned are separate topics: the order may simply not be here yet.
            // Throwing rolls back the inbox row, so the kit retries with back-off (and dead-letters in the end).
            throw new OrderNotYetSeenException(refused.detail());
        }
    }

    /** Transient by nature: retried until the order has been seen. */
    static class OrderNotYetSeenException extends RuntimeException {

        OrderNotYetSeenException(String message) {
            super(message);
        }
    }
}
