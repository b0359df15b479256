package io.extauth.messaging.consumer;

import io.extauth.contract.EventTypes;
import io.extauth.contract.ExtauthEvent;
import io.extauth.messaging.cloudevents.CloudEventCodec;
import io.extauth.messaging.cloudevents.IncomingEvent;
import io.extauth.messaging.cloudevents.InvalidEventException;
import io.extauth.messaging.inbox.Inbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way a service takes in a record: read the CloudEvent, check it against the contract, and run its handler
 * exactly once, in one transaction with the inbox row. Unreadable or invalid records throw the exceptions the error
 * handler dead-letters at once, and so does a failure caused by text the database cannot store (a NUL); anything else
 * is retried with back-off.
 */
public class InboundEvents {

    private static final Logger log = LoggerFactory.getLogger(InboundEvents.class);

    private final Inbox inbox;
    private final TransactionTemplate transactions;
    private final String defaultConsumer;

    public InboundEvents(Inbox inbox, TransactionTemplate transactions, String defaultConsumer) {
        this.inbox = inbox;
        this.transactions = transactions;
        this.defaultConsumer = defaultConsumer;
    }

    public void process(ConsumerRecord<String, byte[]> record, EventHandlers handlers) {
        IncomingEvent incoming = CloudEventCodec.read(record);
        String topic = EventTypes.topicOf(incoming.type()).orElseThrow(() -> new InvalidEventException(
                "unknown event type '" + incoming.type() + "' on " + record.topic()));
        if (!topic.equals(record.topic())) {
            throw new InvalidEventException(incoming.type() + " travels on " + topic + ", not on " + record.topic());
        }
        var registration = handlers.forType(incoming.type());
        if (registration.isEmpty()) {
            log.debug("{} {} is not handled here", incoming.type(), incoming.id());
            return;
        }
        dispatch(record, incoming, registration.get());
    }

    private <E extends ExtauthEvent> void dispatch(ConsumerRecord<String, byte[]> record, IncomingEvent incoming,
            EventHandlers.Registration<E> registration) {
        E event = EventData.convert(incoming.data(), registration.type());
        if (record.key() != null && !record.key().equals(event.userId())) {
            throw new InvalidEventException("record key '" + record.key() + "' is not the event's userId");
        }
        String consumer = consumerName();
        try {
            transactions.executeWithoutResult(status -> {
                if (inbox.firstDelivery(consumer, incoming.id(), incoming.type())) {
                    registration.handler().handle(event, incoming);
                } else {
                    log.debug("{} {} was already handled by {}", incoming.type(), incoming.id(), consumer);
                }
            });
        } catch (RuntimeException failure) {
            String unstorable = UnstorableText.reasonOrNull(incoming, failure);
            if (unstorable != null) {
                throw new InvalidEventException(unstorable + ": " + DeadLetters.reason(failure), failure);
            }
            throw failure;
        }
    }

    private String consumerName() {
        String group = KafkaUtils.getConsumerGroupId();
        return group != null ? group : defaultConsumer;
    }
}
