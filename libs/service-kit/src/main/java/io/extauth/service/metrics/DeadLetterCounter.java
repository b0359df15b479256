package io.extauth.service.metrics;

import io.extauth.messaging.cloudevents.InvalidEventException;
import io.extauth.messaging.cloudevents.UnreadableEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.springframework.kafka.listener.RetryListener;

/**
 * Counts records the error handler sent to their dead-letter topic ({@code extauth_dead_letters_total}), by the topic
 * they came from and the kind of reason (the exception's class: {@code UnreadableEventException},
 * {@code InvalidEventException}, or what a handler still threw after the last retry).
 */
final class DeadLetterCounter implements RetryListener {

    static final String METER = "extauth.dead.letters";

    private final MeterRegistry meters;

    DeadLetterCounter(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
        // retries are visible in spring.kafka.listener timers; only the final dead letter is counted here
    }

    @Override
    public void recovered(ConsumerRecord<?, ?> record, Exception ex) {
        Counter.builder(METER).description("Records sent to <topic>-dlt, by source topic and reason")
                .tag("topic", record.topic()).tag("reason", reason(ex)).register(meters).increment();
    }

    /**
     * A batch whose failure names no record: spring-kafka's batch fallback dead-letters each of its records, then
     * tells this once for the whole batch (its default does nothing), so each record counts here.
     */
    @Override
    public void recovered(ConsumerRecords<?, ?> records, Exception ex) {
        for (ConsumerRecord<?, ?> record : records) {
            recovered(record, ex);
        }
    }

    static String reason(Throwable exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && cause.getCause() != cause
                && !(cause instanceof UnreadableEventException) && !(cause instanceof InvalidEventException)) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }
}
