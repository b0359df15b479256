package io.extauth.messaging.consumer;

import io.extauth.contract.ExtauthEvent;
import io.extauth.messaging.cloudevents.IncomingEvent;
import io.extauth.messaging.cloudevents.InvalidEventException;
import io.extauth.messaging.inbox.EventDigest;
import io.extauth.messaging.inbox.Inbox;
import io.extauth.messaging.tracing.EventTracing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way a service takes in a record: read the CloudEvent, check it against the contract, and run its handler
 * exactly once, in one transaction with the inbox row. Unreadable or invalid records throw the exceptions the error
 * handler dead-letters at once, and so does a failure caused by text the database cannot store (a NUL); a failure
 * because the database is unavailable is retried until it is back, up to
 * {@code retry.database-wait} ({@link DeadLetters}); anything else is retried
 * with back-off, then dead-lettered. A failure of the transaction is thrown as a {@link WaitingForDatabase} or a
 * {@link RecordFailed}, as in a batch, so the error handler's verdict follows the failure's.
 *
 * <p>Reading and checking is {@link EventReading}'s: the data straight into the contract record, and the way it was
 * read before (a tree first) only for a record the straight path will not take, which it refuses as it always did.
 *
 * <p>In a batch ({@link BatchedInbound}) the same checks run per record, but the handler waits: the batch records all
 * its events in the inbox with one statement and runs the handlers of the new ones in one transaction.
 *
 * <p>A checked event its registration says does not concern the consumer
 * ({@link EventHandlers#on(Class, java.util.function.Predicate, EventHandler)}) stops here, alone or in a batch: it
 * costs no transaction and no inbox row. It has no effect on the consumer, so skipping it on every delivery keeps
 * its effect exactly once.
 */
public class InboundEvents {

    private static final Logger log = LoggerFactory.getLogger(InboundEvents.class);

    private final Inbox inbox;
    private final TransactionTemplate transactions;
    private final String defaultConsumer;
    private final EventTracing tracing;
    private final DatabaseProbe database;
    /** Set while {@link BatchedInbound} collects a poll's records on this consumer thread. */
    private final ThreadLocal<@Nullable Collector> collecting = new ThreadLocal<>();

    /** A checked record of a batch whose handler runs once the batch's inbox insert says the event is new. */
    record Pending(int index, IncomingEvent incoming, byte[] digest, Runnable handle) {
    }

    /** The records of one batch collected so far; {@code index} is the record being looked at. */
    static final class Collector {
        final List<Pending> pending = new ArrayList<>();
        int index;
    }

    /** @param database asked whether it takes writes when a failure alone cannot tell ({@link DatabaseUnavailable}) */
    public InboundEvents(Inbox inbox, TransactionTemplate transactions, String defaultConsumer,
            EventTracing tracing, DatabaseProbe database) {
        this.inbox = inbox;
        this.transactions = transactions;
        this.defaultConsumer = defaultConsumer;
        this.tracing = tracing;
        this.database = database;
    }

    public void process(ConsumerRecord<String, byte[]> record, EventHandlers handlers) {
        EventReading.Checked<?> checked = EventReading.straight(record, handlers);
        if (checked == null) {
            checked = EventReading.asBefore(record, handlers);
        }
        if (checked.handler() == null) {
            log.debug("{} {} is not handled here", checked.incoming().type(), checked.incoming().id());
            return;
        }
        dispatch(record, checked);
    }

    private <E extends ExtauthEvent> void dispatch(ConsumerRecord<String, byte[]> record,
            EventReading.Checked<E> checked) {
        IncomingEvent incoming = checked.incoming();
        E event = Objects.requireNonNull(checked.event());
        EventHandlers.Registration<E> registration = Objects.requireNonNull(checked.registration());
        if (!registration.concerns().test(event)) {
            // read and checked like any record, but it changes nothing here: no transaction, no inbox row
            log.debug("{} {} does not concern this consumer", incoming.type(), incoming.id());
            return;
        }
        EventHandler<E> handler = registration.handler();
        byte[] digest = EventDigest.of(record, incoming);
        Collector collector = collecting.get();
        if (collector != null) {
            collector.pending.add(new Pending(collector.index, incoming, digest, () -> tracing.inConsumerSpan(record,
                    incoming.type(), () -> handler.handle(event, incoming))));
            return;
        }
        String consumer = consumerName();
        try {
            transactions.executeWithoutResult(status -> {
                if (inbox.firstDelivery(consumer, incoming.id(), incoming.type(), digest)) {
                    tracing.inConsumerSpan(record, incoming.type(), () -> handler.handle(event, incoming));
                    return;
                }
                byte[] handled = inbox.digestsOf(consumer, List.of(incoming.id())).get(incoming.id());
                if (!EventDigest.sameEvent(handled, digest)) {
                    throw new InvalidEventException(EventDigest.reused(incoming.id(), consumer));
                }
                log.debug("{} {} was already handled by {}", incoming.type(), incoming.id(), consumer);
            });
        } catch (RuntimeException failure) {
            // judged here as in a batch: the error handler tells waiting from bounded retries by the class alone
            throw judged("event " + incoming.id() + " failed", incoming, failure, 0);
        }
    }

    /**
     * The failure of a poll's {@code index}th record as the error handler is to see it: a {@link WaitingForDatabase}
     * when the database is unavailable, else a {@link RecordFailed}. A failure caused by text the database cannot
     * store becomes an invalid event inside it (dead-lettered without retries), but not while the database is
     * unavailable: that is no record's fault, a NUL in its text or not (a handler may well never store the text with
     * the NUL). A failure judged before (a record taken alone inside a batch) keeps its verdict.
     */
    BatchListenerFailedException judged(String message, @Nullable IncomingEvent incoming, RuntimeException failure,
            int index) {
        BatchListenerFailedException before = judgedIn(failure);
        if (before != null) {
            return before instanceof WaitingForDatabase ? new WaitingForDatabase(message, failure, index)
                    : new RecordFailed(message, failure, index);
        }
        if (DatabaseUnavailable.isUnavailable(failure, database)) {
            return new WaitingForDatabase(message, failure, index);
        }
        String unstorable = incoming == null ? null : UnstorableText.reasonOrNull(incoming, failure);
        if (unstorable != null) {
            return new RecordFailed(message, new InvalidEventException(unstorable + ": "
                    + DeadLetters.reason(failure), failure), index);
        }
        return new RecordFailed(message, failure, index);
    }

    /** The verdict a failure already carries ({@link WaitingForDatabase} or {@link RecordFailed}); null if none. */
    static @Nullable BatchListenerFailedException judgedIn(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof WaitingForDatabase || t instanceof RecordFailed) {
                return (BatchListenerFailedException) t;
            }
        }
        return null;
    }

    void collectInto(@Nullable Collector collector) {
        if (collector == null) {
            collecting.remove();
        } else {
            collecting.set(collector);
        }
    }

    Inbox inbox() {
        return inbox;
    }

    TransactionTemplate transactions() {
        return transactions;
    }

    String consumerName() {
        String group = KafkaUtils.getConsumerGroupId();
        return group != null ? group : defaultConsumer;
    }
}
