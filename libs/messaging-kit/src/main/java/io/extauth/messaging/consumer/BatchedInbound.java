package io.extauth.messaging.consumer;

import io.extauth.messaging.consumer.InboundEvents.Collector;
import io.extauth.messaging.consumer.InboundEvents.Pending;
import io.extauth.messaging.cloudevents.InvalidEventException;
import io.extauth.messaging.inbox.EventDigest;
import io.extauth.messaging.inbox.Inbox;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.adapter.BatchToRecordAdapter;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.messaging.Message;

/**
 * A poll's records in one transaction, behind the services' unchanged single-record listeners: each record is read
 * and checked by its listener as before ({@link InboundEvents#process}), but its handler waits; then one transaction
 * records all the batch's events in the inbox with one statement, which answers which of them are new, and runs the
 * handlers of the new ones in record order. One commit per poll instead of one per record.
 *
 * <p>A record that fails is still dead-lettered (or retried) alone, and nothing else is lost or applied twice: the
 * records before it are applied in a transaction of their own, then a {@link BatchListenerFailedException} names it,
 * so the error handler commits the offsets before it, retries or dead-letters it exactly as for a single record, and
 * delivers the records after it again in the next poll. Where the failing record cannot be told (the inbox insert or
 * the commit failed), the batch is split into single records, each in its own transaction as without batching.
 * Per-partition order is kept: a batch holds records of the consumer's partitions in their order, and handlers run in
 * that order.
 *
 * <p>A record that fails because the database is unavailable ({@link DatabaseUnavailable}) is named by a
 * {@link WaitingForDatabase}, any other by a {@link RecordFailed}. The error handler chooses a record's back-off again
 * only when the class of its failure changes: two classes let it tell a record that waits for the database (retried
 * until it is back, up to {@code retry.database-wait}) from one that fails by itself (bounded retries, then its dead letter). When a whole batch fails for
 * want of the database (no connection, a read-only database, the commit), the record named is the batch's first,
 * which then waits like any other.
 */
public final class BatchedInbound implements BatchToRecordAdapter<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(BatchedInbound.class);

    private final InboundEvents inbound;

    public BatchedInbound(InboundEvents inbound) {
        this.inbound = inbound;
    }

    @Override
    public void adapt(List<Message<?>> messages, List<ConsumerRecord<String, byte[]>> records,
            @Nullable Acknowledgment ack, @Nullable Consumer<?, ?> consumer, Callback<String, byte[]> callback) {
        apply(messages, records, records.size(), ack, consumer, callback);
    }

    /** Applies records {@code [0, end)}; throws a {@link BatchListenerFailedException} for the first that fails. */
    private void apply(List<Message<?>> messages, List<ConsumerRecord<String, byte[]>> records, int end,
            @Nullable Acknowledgment ack, @Nullable Consumer<?, ?> consumer, Callback<String, byte[]> callback) {
        if (end == 0) {
            return;
        }
        Collector collector = new Collector();
        int invalid = -1;
        RuntimeException invalidBecause = null;
        inbound.collectInto(collector);
        try {
            for (int i = 0; i < end; i++) {
                collector.index = i;
                try {
                    callback.invoke(records.get(i), ack, consumer, messages.get(i));
                } catch (RuntimeException e) {
                    invalid = i;
                    invalidBecause = e;
                    break;
                }
            }
        } finally {
            inbound.collectInto(null);
        }
        int[] running = {-1};
        try {
            runHandlers(collector.pending, running);
        } catch (RuntimeException failure) {
            int failed = running[0];
            if (failed < 0) {
                log.debug("Batch of {} records failed outside a handler, applying them one at a time: {}", end,
                        failure.toString());
                oneAtATime(messages, records, invalid < 0 ? end : invalid, ack, consumer, callback);
            } else {
                Pending culprit = collector.pending.stream().filter(p -> p.index() == failed).findFirst()
                        .orElseThrow();
                apply(messages, records, failed, ack, consumer, callback);
                throw inbound.judged("event " + culprit.incoming().id() + " failed", culprit.incoming(), failure,
                        failed);
            }
        }
        if (invalidBecause != null) {
            throw inbound.judged("record " + invalid + " of the batch failed", null, invalidBecause, invalid);
        }
    }

    private void runHandlers(List<Pending> pending, int[] running) {
        if (pending.isEmpty()) {
            return;
        }
        String consumerName = inbound.consumerName();
        inbound.transactions().executeWithoutResult(status -> {
            Set<String> fresh = inbound.inbox().firstDeliveries(consumerName, pending.stream()
                    .map(p -> new Inbox.Delivery(p.incoming().id(), p.incoming().type(), p.digest())).toList());
            Map<String, byte[]> handledBefore = null; // read once, when the batch's first id not new is met
            for (int i = 0; i < pending.size(); i++) {
                Pending next = pending.get(i);
                // remove: a second copy of the same event in this batch is a redelivery too
                if (!fresh.remove(next.incoming().id())) {
                    byte[] earlier = earlierInBatch(pending, i);
                    if (earlier == null) {
                        if (handledBefore == null) {
                            handledBefore = inbound.inbox().digestsOf(consumerName, notNew(pending, fresh));
                        }
                        earlier = handledBefore.get(next.incoming().id());
                    }
                    if (!EventDigest.sameEvent(earlier, next.digest())) {
                        running[0] = next.index();
                        throw new InvalidEventException(EventDigest.reused(next.incoming().id(), consumerName));
                    }
                    log.debug("{} {} was already handled by {}", next.incoming().type(), next.incoming().id(),
                            consumerName);
                    continue;
                }
                running[0] = next.index();
                next.handle().run();
                // what fails between handlers (the digests' read) is no record's fault: the batch is split
                running[0] = -1;
            }
        });
    }

    /** The digest of an earlier copy of the {@code i}th record's event in this batch; null when it has none. */
    private static byte @Nullable [] earlierInBatch(List<Pending> pending, int i) {
        String id = pending.get(i).incoming().id();
        for (int j = 0; j < i; j++) {
            if (pending.get(j).incoming().id().equals(id)) {
                return pending.get(j).digest();
            }
        }
        return null;
    }

    /** The batch's ids the inbox held before it (every id not new, whichever copy of it is looked at now). */
    private static List<String> notNew(List<Pending> pending, Set<String> freshLeft) {
        return pending.stream().map(p -> p.incoming().id()).filter(id -> !freshLeft.contains(id)).distinct().toList();
    }

    /** Each record in its own transaction, as without batching: the split when a batch's culprit is unknown. */
    private void oneAtATime(List<Message<?>> messages, List<ConsumerRecord<String, byte[]>> records, int end,
            @Nullable Acknowledgment ack, @Nullable Consumer<?, ?> consumer, Callback<String, byte[]> callback) {
        for (int i = 0; i < end; i++) {
            try {
                callback.invoke(records.get(i), ack, consumer, messages.get(i));
            } catch (RuntimeException e) {
                throw inbound.judged("record " + i + " of the batch failed", null, e, i);
            }
        }
    }
}
