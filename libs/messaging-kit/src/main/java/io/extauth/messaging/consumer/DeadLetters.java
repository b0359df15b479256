package io.extauth.messaging.consumer;

import io.extauth.messaging.MessagingProperties;
import io.extauth.messaging.cloudevents.InvalidEventException;
import io.extauth.messaging.cloudevents.Reasons;
import io.extauth.messaging.cloudevents.UnreadableEventException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaOperations;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Error handling of every listener: transient errors retry with exponential back-off; unreadable or invalid records,
 * and records still failing after the last retry, go to {@code <topic>-dlt} (same partition) with the reason in the
 * header {@value #REASON_HEADER} besides spring-kafka's {@code kafka_dlt-*} headers. A dead letter too large to
 * publish whole goes reduced: no value, no stack trace, and a reason naming where the original is
 * ({@link ReducedDeadLetter}).
 *
 * <p>A record that fails because the database is unavailable ({@link DatabaseUnavailable}) is no bad record: every
 * record would fail alike, and a dead letter would let the user's next event be applied before it once the database
 * is back. It is retried on the same back-off ({@link DatabaseWait}), holding its consumer's partitions in order until
 * the database takes writes again, for at most {@code retry.database-wait}; past it, it is dead-lettered with a reason
 * that says it waited that long for the database, to be replayed once the database is back. Unless the database is
 * unreachable from this instance alone: past {@code retry.hand-over-after} the listener's partitions go to the
 * service's other instances ({@link ListenerHandOver}).
 */
public final class DeadLetters {

    public static final String REASON_HEADER = "extauth-dlt-reason";

    /** The failures that no retry can change: a record with one of them in its causes is dead-lettered at its first. */
    private static final List<Class<? extends Exception>> AT_ONCE = List.of(UnreadableEventException.class,
            InvalidEventException.class);

    private DeadLetters() {
    }

    /**
     * The handler of every listener.
     *
     * @param maxPollInterval the consumers' {@code max.poll.interval.ms}: no wait between two attempts is longer than
     *     half of it ({@link #longestWait}), so a consumer that waits for the database stays in its group
     * @param database asked, for a failure thrown outside the kit's own handling that cannot tell by itself
     *     ({@link DatabaseUnavailable}), whether the database takes writes
     * @param clock what a record's wait for the database is measured by
     */
    public static DefaultErrorHandler errorHandler(KafkaOperations<?, ?> template, MessagingProperties.Retry retry,
            Duration maxPollInterval, DatabaseProbe database, Clock clock) {
        return errorHandler(template, retry, maxPollInterval, database, clock, null);
    }

    /**
     * The handler of every listener, handing a listener's partitions to the service's other instances when a record
     * has waited {@code retry.hand-over-after} for a database unreachable from this one ({@link ListenerHandOver}).
     */
    public static DefaultErrorHandler errorHandler(KafkaOperations<?, ?> template, MessagingProperties.Retry retry,
            Duration maxPollInterval, DatabaseProbe database, Clock clock, @Nullable ListenerHandOver handOver) {
        long longest = longestWait(retry, maxPollInterval);
        ExponentialBackOff bounded = intervals(retry, longest);
        bounded.setMaxAttempts(Math.max(0, retry.maxAttempts() - 1)); // retries after the first attempt
        // the function below chooses every record's back-off, and a whole batch's too (spring-kafka's fallback for a
        // batch failure that names no record asks it through the handler's tracker: bounded, then each record
        // dead-lettered), so the handler's own is never used; it must retry all the same: given one that stops at
        // once (retry.max-attempts=1), spring-kafka dead-letters every failure without asking the function, a record
        // that waits for the database too
        // records given up after waiting retry.database-wait, told by their DatabaseWait just before spring-kafka hands
        // the same record to the recoverer on the same thread; the recoverer takes them out as it says why
        Set<String> givenUp = ConcurrentHashMap.newKeySet();
        DeadLetterPublisher recoverer = recoverer(template, givenUp, retry.databaseWait());
        DefaultErrorHandler handler = new HandingOver(recoverer, recoverer.sendTimeout(), intervals(retry, longest));
        handler.addNotRetryableExceptions(AT_ONCE.toArray(Class[]::new));
        handler.setBackOffFunction((record, failure) -> failure != null && waitsForDatabase(failure, database)
                ? new DatabaseWait(record, failure, intervals(retry, longest), retry.databaseWait(), clock,
                        () -> givenUp.add(KafkaUtils.format(record)), handOver)
                : bounded);
        // a record's back-off is chosen at its first failure and again whenever its failure is of another class
        // (a record alone and a batch throw WaitingForDatabase for the database's failures, RecordFailed for the
        // record's), so a record that waited for the database and then fails by itself gets its bounded retries, and
        // the other way round
        handler.setResetStateOnExceptionChange(true);
        return handler;
    }

    /**
     * Spring-kafka's handler, with the container whose failure it handles known to a record's {@link DatabaseWait}
     * while it chooses the record's next wait ({@link ListenerHandOver#handling}): the back-off function is told the
     * record and its failure only. Spring-kafka hands it the concurrent container, not the consumer's own.
     */
    static final class HandingOver extends DefaultErrorHandler {

        /** Kept free of a poll's own dead letters: a quarter of the interval at most, the rest for other work. */
        private static final Duration MARGIN = Duration.ofSeconds(10);

        private final ConsumerAwareRecordRecoverer recoverer;
        private final Duration sendTimeout;

        /** @param sendTimeout how long one dead letter's publication may wait for the broker */
        HandingOver(ConsumerAwareRecordRecoverer recoverer, Duration sendTimeout, BackOff backOff) {
            super(recoverer, backOff);
            this.recoverer = recoverer;
            this.sendTimeout = sendTimeout;
        }

        /**
         * How long a poll may have run and still dead-letter a record itself ({@link BatchedInbound}): it must end
         * within {@code max.poll.interval.ms} even when the dead letter it starts last hangs for the whole send
         * timeout, fails, and this handler then tries it once more (another send timeout), so the interval less two
         * send timeouts and a margin, and at most a quarter of the interval. On Kafka's defaults (300 s; a send
         * waits up to {@code delivery.timeout.ms} 120 s and spring-kafka's 5 s) 40 s. Zero, when the send timeout
         * leaves no room: then the poll dead-letters nothing itself, every such record goes to this handler.
         */
        Duration deadLetterBudget(Duration maxPollInterval) {
            Duration room = maxPollInterval.minus(sendTimeout.multipliedBy(2)).minus(MARGIN);
            Duration quarter = maxPollInterval.dividedBy(4);
            return room.isNegative() ? Duration.ZERO : room.compareTo(quarter) < 0 ? room : quarter;
        }

        /**
         * Dead-letters a record of a batch whose failure no retry can change ({@link #atOnce}) as this handler would
         * at its first failure, but without the handler: its dead letter published and waited for, and the handler's
         * retry listeners told it was recovered (the dead-letter counter). The batch goes on with the records after
         * it instead of seeking them back and fetching them again ({@link BatchedInbound}). Throws when the dead
         * letter could not be published.
         */
        void deadLetter(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception failure) {
            recoverer.accept(record, consumer, failure);
            getRetryListeners().forEach(listener -> listener.recovered(record, failure));
        }

        @Override
        public boolean handleOne(Exception thrownException, ConsumerRecord<?, ?> record, Consumer<?, ?> consumer,
                MessageListenerContainer container) {
            return ListenerHandOver.handling(container,
                    () -> super.handleOne(thrownException, record, consumer, container));
        }

        @Override
        public void handleRemaining(Exception thrownException, List<ConsumerRecord<?, ?>> records,
                Consumer<?, ?> consumer, MessageListenerContainer container) {
            ListenerHandOver.handling(container, () -> {
                super.handleRemaining(thrownException, records, consumer, container);
                return null;
            });
        }

        @Override
        public void handleBatch(Exception thrownException, ConsumerRecords<?, ?> data, Consumer<?, ?> consumer,
                MessageListenerContainer container, Runnable invokeListener) {
            ListenerHandOver.handling(container, () -> {
                super.handleBatch(thrownException, data, consumer, container, invokeListener);
                return null;
            });
        }

        @Override
        public <K, V> ConsumerRecords<K, V> handleBatchAndReturnRemaining(Exception thrownException,
                ConsumerRecords<?, ?> data, Consumer<?, ?> consumer, MessageListenerContainer container,
                Runnable invokeListener) {
            return ListenerHandOver.handling(container, () -> super.handleBatchAndReturnRemaining(thrownException,
                    data, consumer, container, invokeListener));
        }
    }

    /**
     * Whether a record's failure, as {@link InboundEvents#judged} gave it, is one this handler dead-letters at once:
     * the record's own ({@link RecordFailed}, not a wait for the database) and unreadable or invalid.
     */
    static boolean atOnce(BatchListenerFailedException judged) {
        if (!(judged instanceof RecordFailed)) {
            return false;
        }
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = judged; cause != null && seen.add(cause); cause = cause.getCause()) {
            for (Class<? extends Exception> kind : AT_ONCE) {
                if (kind.isInstance(cause)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The verdict the failure carries; one thrown outside the kit's own handling is judged here. */
    private static boolean waitsForDatabase(Exception failure, DatabaseProbe database) {
        BatchListenerFailedException judged = InboundEvents.judgedIn(failure);
        return judged != null ? judged instanceof WaitingForDatabase
                : DatabaseUnavailable.isUnavailable(failure, database);
    }

    /**
     * The longest wait between two attempts of a record: {@code retry.max-interval}, but at most half of
     * {@code max.poll.interval.ms}. The consumer sleeps the wait on its own thread and must poll again within that
     * interval or leave its group; the other half is for the attempt, which may wait for a connection (Hikari's
     * {@code connection-timeout}, 30 s) before it fails.
     */
    static long longestWait(MessagingProperties.Retry retry, Duration maxPollInterval) {
        return Math.max(0, Math.min(retry.maxInterval().toMillis(), maxPollInterval.toMillis() / 2));
    }

    /** {@code retry}'s exponential intervals up to {@code longest}, without end. */
    private static ExponentialBackOff intervals(MessagingProperties.Retry retry, long longest) {
        ExponentialBackOff backOff = new ExponentialBackOff();
        backOff.setInitialInterval(Math.min(retry.initialInterval().toMillis(), longest));
        backOff.setMultiplier(retry.multiplier());
        backOff.setMaxInterval(longest);
        return backOff;
    }

    static DeadLetterPublishingRecoverer recoverer(KafkaOperations<?, ?> template) {
        return recoverer(template, ConcurrentHashMap.newKeySet(), Duration.ZERO);
    }

    private static DeadLetterPublisher recoverer(KafkaOperations<?, ?> template, Set<String> givenUp,
            Duration databaseWait) {
        DeadLetterPublisher recoverer = new DeadLetterPublisher(template);
        recoverer.setHeadersFunction((record, exception) -> {
            String reason = givenUp.remove(KafkaUtils.format(record))
                    ? Reasons.bounded("waited " + DatabaseWait.readable(databaseWait) + " for the database "
                            + "(retry.database-wait) and was given up; replay it once the database is back: "
                            + reason(exception))
                    : reason(exception);
            return new RecordHeaders(new RecordHeader[] {
                    new RecordHeader(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8))});
        });
        return recoverer;
    }

    /**
     * The innermost message: the one that says what was wrong with the record. A rollback that failed after the
     * record's work did (its connection lost) gives way to the failure of the work.
     */
    static String reason(Throwable exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof UnreadableEventException || cause instanceof InvalidEventException) {
                break;
            }
            cause = cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
                    ? rollback.getApplicationException() : cause.getCause();
        }
        String message = cause.getMessage();
        return Reasons.bounded(cause.getClass().getSimpleName() + ": " + (message == null ? "(no message)" : message));
    }
}
