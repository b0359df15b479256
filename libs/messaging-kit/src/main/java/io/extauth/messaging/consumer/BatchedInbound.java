package io.extauth.messaging.consumer;

import io.extauth.messaging.consumer.InboundEvents.Collector;
import io.extauth.messaging.consumer.InboundEvents.Pending;
import io.extauth.messaging.cloudevents.InvalidEventException;
import io.extauth.messaging.inbox.EventDigest;
import io.extauth.messaging.inbox.Inbox;
import io.extauth.contract.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.adapter.BatchToRecordAdapter;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.KafkaUtils;
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
 * delivers the records after it again in the next poll. A record the kit's error handler would dead-letter at its
 * first failure (unreadable or invalid: no retry can change it) is dead-lettered here instead, through the handler's
 * own recoverer and retry listeners, once the records before it are committed, and the poll goes on with the records
 * after it: a stream with many such records is not held up by a seek and a new fetch for each (up to
 * {@code fetch.max.wait.ms}, 1 s, while the consumer's fetch of its other partitions is parked at the broker), and
 * the poll's offsets are committed at once, as the handler commits a record it dead-lettered. Where the failing record cannot be told (the inbox insert or
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
    /** How many of a poll's dead letters its line names with their reasons. */
    private static final int LOGGED_DEAD_LETTERS = 3;

    private final InboundEvents inbound;
    /** The listeners' error handler, asked at each poll (the container factory is given it after this adapter). */
    private final Supplier<@Nullable CommonErrorHandler> errorHandler;
    private final Duration maxPollInterval;
    private final LongSupplier nanoTime;

    /** Without an error handler of the kit's own: every failing record is thrown to the container's handler. */
    public BatchedInbound(InboundEvents inbound) {
        this(inbound, () -> null, Duration.ZERO);
    }

    /**
     * @param errorHandler the listeners' error handler; when it is the kit's ({@link DeadLetters}), a record whose
     *     failure it would dead-letter at once is dead-lettered here and the batch goes on
     * @param maxPollInterval the consumers' {@code max.poll.interval.ms}: each dead letter waits for the broker, and
     *     a poll must end within the interval, or its consumer leaves the group and another applies the poll again
     *     (publishing its dead letters a second time); a poll that has run for the handler's budget
     *     ({@link DeadLetters.HandingOver#deadLetterBudget}) leaves the next record to dead-letter to the handler,
     *     which dead-letters it and delivers the records after it in a new poll
     */
    public BatchedInbound(InboundEvents inbound, Supplier<@Nullable CommonErrorHandler> errorHandler,
            Duration maxPollInterval) {
        this(inbound, errorHandler, maxPollInterval, System::nanoTime);
    }

    BatchedInbound(InboundEvents inbound, Supplier<@Nullable CommonErrorHandler> errorHandler,
            Duration maxPollInterval, LongSupplier nanoTime) {
        this.inbound = inbound;
        this.errorHandler = errorHandler;
        this.maxPollInterval = maxPollInterval;
        this.nanoTime = nanoTime;
    }

    @Override
    public void adapt(List<Message<?>> messages, List<ConsumerRecord<String, byte[]>> records,
            @Nullable Acknowledgment ack, @Nullable Consumer<?, ?> consumer, Callback<String, byte[]> callback) {
        DeadLetters.HandingOver kit = consumer != null && errorHandler.get() instanceof DeadLetters.HandingOver ours
                ? ours : null;
        Poll poll = new Poll(messages, records, ack, consumer, callback, kit, nanoTime.getAsLong()
                + (kit == null ? 0 : kit.deadLetterBudget(maxPollInterval).toNanos()));
        try {
            poll.apply(0, records.size());
            poll.commitIfDeadLettered();
        } finally {
            poll.logDeadLetters();
        }
    }

    /** One poll's records, applied range by range. */
    private final class Poll {

        private final List<Message<?>> messages;
        private final List<ConsumerRecord<String, byte[]>> records;
        private final @Nullable Acknowledgment ack;
        private final @Nullable Consumer<?, ?> consumer;
        private final Callback<String, byte[]> callback;
        /** The kit's error handler, which dead-letters records here; null: every failure is thrown to it. */
        private final DeadLetters.@Nullable HandingOver deadLetters;
        /** When this poll stops dead-lettering records itself ({@link System#nanoTime}). */
        private final long deadLettersUntil;
        /** How many of the poll's records were dead-lettered here, and the first few of them with their reasons. */
        private int deadLettered;
        private final List<String> deadLetteredFirst = new ArrayList<>();

        Poll(List<Message<?>> messages, List<ConsumerRecord<String, byte[]>> records, @Nullable Acknowledgment ack,
                @Nullable Consumer<?, ?> consumer, Callback<String, byte[]> callback,
                DeadLetters.@Nullable HandingOver deadLetters, long deadLettersUntil) {
            this.messages = messages;
            this.records = records;
            this.ack = ack;
            this.consumer = consumer;
            this.callback = callback;
            this.deadLetters = deadLetters;
            this.deadLettersUntil = deadLettersUntil;
        }

        /**
         * Applies records {@code [from, end)}; throws a {@link BatchListenerFailedException} for the first that fails
         * and is not dead-lettered here. A record that the error handler would dead-letter at its first failure
         * (unreadable or invalid) is dead-lettered once the records before it are committed, and the records after it
         * go on in this poll: the handler would seek them back, and their fetch would wait behind the consumer's
         * parked fetch (up to {@code fetch.max.wait.ms}, 1 s) for every such record.
         */
        void apply(int from, int end) {
            if (from >= end) {
                return;
            }
            Collector collector = new Collector();
            List<Failed> toDeadLetter = new ArrayList<>();
            int invalid = -1;
            BatchListenerFailedException invalidBecause = null;
            inbound.collectInto(collector);
            try {
                for (int i = from; i < end; i++) {
                    collector.index = i;
                    try {
                        callback.invoke(records.get(i), ack, consumer, messages.get(i));
                    } catch (RuntimeException e) {
                        BatchListenerFailedException judged = inbound.judged("record " + i + " of the batch failed",
                                null, e, i);
                        if (deadLettersHere(judged)) {
                            toDeadLetter.add(new Failed(i, judged));
                            continue;
                        }
                        invalid = i;
                        invalidBecause = judged;
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
                    log.debug("Batch of {} records failed outside a handler, applying them one at a time: {}",
                            end - from, failure.toString());
                    // a record the batch would dead-letter fails again alone, and is dead-lettered on the way
                    oneAtATime(from, invalid < 0 ? end : invalid);
                    if (invalidBecause != null) {
                        throw invalidBecause;
                    }
                    return;
                } else {
                    Pending culprit = collector.pending.stream().filter(p -> p.index() == failed).findFirst()
                            .orElseThrow();
                    apply(from, failed);
                    BatchListenerFailedException judged = inbound.judged("event " + culprit.incoming().id()
                            + " failed", culprit.incoming(), failure, failed);
                    if (!deadLettersHere(judged)) {
                        throw judged;
                    }
                    deadLetter(new Failed(failed, judged));
                    apply(failed + 1, end);
                    return;
                }
            }
            toDeadLetter.forEach(this::deadLetter);
            if (invalidBecause != null) {
                throw invalidBecause;
            }
        }

        /**
         * Each record in its own transaction, as without batching: the split when a batch's culprit is unknown. A
         * record to dead-letter at once is dead-lettered here too, its predecessors committed each by itself.
         */
        private void oneAtATime(int from, int end) {
            for (int i = from; i < end; i++) {
                try {
                    callback.invoke(records.get(i), ack, consumer, messages.get(i));
                } catch (RuntimeException e) {
                    BatchListenerFailedException judged = inbound.judged("record " + i + " of the batch failed", null,
                            e, i);
                    if (!deadLettersHere(judged)) {
                        throw judged;
                    }
                    deadLetter(new Failed(i, judged));
                }
            }
        }

        /**
         * Whether this poll dead-letters the record itself: the kit's handler would at once. Whether time is left
         * for it is asked when its turn comes ({@link #deadLetter}).
         */
        private boolean deadLettersHere(BatchListenerFailedException judged) {
            return deadLetters != null && DeadLetters.atOnce(judged);
        }

        private boolean pastBudget() {
            return nanoTime.getAsLong() - deadLettersUntil >= 0;
        }

        /**
         * Publishes a record's dead letter as the error handler would, after the records before it are committed;
         * if it cannot be published, or the poll has spent its budget, the record is thrown to the error handler,
         * which commits the offsets before it and dead-letters it (the records after it are delivered again: the
         * inbox knows those applied).
         */
        private void deadLetter(Failed failed) {
            if (pastBudget()) {
                // the poll has dead-lettered for long enough: this one and the records after it in a new poll
                throw failed.judged();
            }
            ConsumerRecord<String, byte[]> record = records.get(failed.index());
            // as the container hands a listener's failure to its error handler
            Exception asThrown = new ListenerExecutionFailedException("Listener failed",
                    KafkaUtils.getConsumerGroupId(), failed.judged());
            try {
                Objects.requireNonNull(deadLetters).deadLetter(record, Objects.requireNonNull(consumer), asThrown);
            } catch (RuntimeException notPublished) {
                log.warn("The dead letter of {}-{}@{} could not be published here ({}); the error handler tries again",
                        record.topic(), record.partition(), record.offset(), notPublished.toString());
                throw failed.judged();
            }
            deadLettered++;
            if (deadLetteredFirst.size() < LOGGED_DEAD_LETTERS) {
                deadLetteredFirst.add(record.topic() + "-" + record.partition() + "@" + record.offset() + " to "
                        + Topics.deadLetterOf(record.topic()) + ": " + DeadLetters.reason(asThrown));
            }
        }

        /**
         * One line per poll, however many of its records were dead-lettered here (a producer of garbage sends
         * thousands a second): how many, and the first few with their reasons. Every one is on its dead-letter topic
         * with its reason and counted by the error handler's retry listeners ({@code extauth_dead_letters_total}).
         */
        void logDeadLetters() {
            if (deadLettered > 0) {
                log.warn("{} of a poll's {} records dead-lettered: {}{}", deadLettered, records.size(),
                        String.join("; ", deadLetteredFirst),
                        deadLettered > deadLetteredFirst.size() ? "; …" : "");
            }
        }

        /**
         * Commits the poll's offsets at once when a record of it was dead-lettered here, as the error handler commits
         * a record it recovered: a crash before the container's next commit would otherwise publish its dead letter
         * a second time when the poll is delivered again. Only the partitions the consumer still holds. A commit that
         * fails, or is cut short by a wake-up or an interrupt, leaves it to the container's: the poll is done, and
         * throwing now would have the error handler deliver it again, its dead letters too.
         */
        void commitIfDeadLettered() {
            if (deadLettered == 0 || consumer == null) {
                return;
            }
            Set<TopicPartition> held = consumer.assignment();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (held.contains(partition)) {
                    offsets.merge(partition, new OffsetAndMetadata(record.offset() + 1),
                            (one, other) -> one.offset() >= other.offset() ? one : other);
                }
            }
            if (offsets.isEmpty()) {
                return;
            }
            try {
                consumer.commitSync(offsets);
            } catch (KafkaException notCommitted) {
                // an InterruptException has set the thread's interrupt again; a WakeupException was the wake-up's
                log.debug("Offsets after a dead letter not committed at once, left to the container: {}",
                        notCommitted.toString());
            }
        }
    }

    /** A record of the poll that fails, with the failure the error handler would be given. */
    private record Failed(int index, BatchListenerFailedException judged) {
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
}
