package io.extauth.notification.contact.adapter;

import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.messaging.consumer.EventHandlers;
import io.extauth.messaging.consumer.InboundEvents;
import io.extauth.messaging.consumer.TopicListeners;
import io.extauth.notification.contact.Contact;
import io.github.springwolf.bindings.kafka.annotations.KafkaAsyncOperationBinding;
import io.github.springwolf.core.asyncapi.annotations.AsyncListener;
import io.github.springwolf.core.asyncapi.annotations.AsyncOperation;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;

/** Keeps the contact of every order, for the e-mails that follow it, and whether the order was cancelled. */
@Component
class ContactListener implements TopicListeners {

    private final InboundEvents inbound;
    private final EventHandlers handlers;

    ContactListener(InboundEvents inbound, Contacts contacts, UndoneOrders undoneOrders, Clock clock) {
        this.inbound = inbound;
        this.handlers = EventHandlers.create()
                .on(AuthOrdered.class, (event, envelope) -> contacts.keep(Contact.of(event), clock.instant()))
                .on(OrderCancelled.class, (event, envelope) -> undoneOrders.cancelled(event.accountId(),
                        event.userId(), event.orderId(), event.at()));
    }

    @Override
    public Map<String, RecordListener> byTopic() {
        return Map.of(Topics.AUTH_ORDERED, this::ordered);
    }

    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_ORDERED, payloadType = AuthOrdered.class,
            description = "Keep the order's contact (the only clear e-mail address) for the e-mails that follow"))
    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_ORDERED, payloadType = OrderCancelled.class,
            description = "Keep the order as cancelled: its provisioning e-mail, if not sent yet, is withdrawn (status"
                    + " WITHDRAWN on the user's timeline, an EmailWithdrawn instead of an EmailSent)"))
    @KafkaAsyncOperationBinding
    void ordered(ConsumerRecord<String, byte[]> record) {
        inbound.process(record, handlers);
    }
}
