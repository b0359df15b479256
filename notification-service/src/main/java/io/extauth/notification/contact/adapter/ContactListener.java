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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Keeps the contact of every order, for the e-mails that follow it, and whether the order was cancelled. */
@Component
class ContactListener implements TopicListeners {

    private static final Logger log = LoggerFactory.getLogger(ContactListener.class);

    private final InboundEvents inbound;
    private final EventHandlers handlers;

    ContactListener(InboundEvents inbound, Contacts contacts, Clock clock) {
        this.inbound = inbound;
        this.handlers = EventHandlers.create()
                .on(AuthOrdered.class, (event, envelope) -> contacts.keep(Contact.of(event), clock.instant()))
                .on(OrderCancelled.class, (event, envelope) -> cancelled(contacts, event));
    }

    private static void cancelled(Contacts contacts, OrderCancelled event) {
        if (!contacts.cancel(event.orderId(), event.accountId(), event.userId(), event.at())) {
            log.info("OrderCancelled of order {} of user {} of account {}: no contact of that order here, nothing "
                    + "to withdraw", event.orderId(), event.userId(), event.accountId());
        }
    }

    @Override
    public Map<String, RecordListener> byTopic() {
        return Map.of(Topics.AUTH_ORDERED, this::ordered);
    }

    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_ORDERED, payloadType = AuthOrdered.class,
            description = "Keep the order's contact (the only clear e-mail address) for the e-mails that follow"))
    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_ORDERED, payloadType = OrderCancelled.class,
            description = "Mark the order cancelled: its provisioning e-mail, if not sent yet, is withdrawn (status"
                    + " WITHDRAWN on the user's timeline, no EmailSent)"))
    @KafkaAsyncOperationBinding
    void ordered(ConsumerRecord<String, byte[]> record) {
        inbound.process(record, handlers);
    }
}
