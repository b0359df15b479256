package io.extauth.messaging.consumer;

import io.extauth.messaging.MessagingProperties;
import io.extauth.messaging.cloudevents.InvalidEventException;
import io.extauth.messaging.cloudevents.Reasons;
import io.extauth.messaging.cloudevents.UnreadableEventException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * Error handling of every listener: transient errors retry with exponential back-off; unreadable or invalid records,
 * and records still failing after the last retry, go to {@code <topic>-dlt} (same partition) with the reason in the
 * header {@value #REASON_HEADER} besides spring-kafka's {@code kafka_dlt-*} headers. A dead letter too large to
 * publish whole goes reduced: no value, no stack trace, and a reason naming where the original is
 * ({@link ReducedDeadLetter}).
 */
public final class DeadLetters {

    public static final String REASON_HEADER = "extauth-dlt-reason";

    private DeadLetters() {
    }

    public static DefaultErrorHandler errorHandler(KafkaOperations<?, ?> template, MessagingProperties.Retry retry) {
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(
                Math.max(0, retry.maxAttempts() - 1));
        backOff.setInitialInterval(retry.initialInterval().toMillis());
        backOff.setMultiplier(retry.multiplier());
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer(template), backOff);
        handler.addNotRetryableExceptions(UnreadableEventException.class, InvalidEventException.class);
        return handler;
    }

    static DeadLetterPublishingRecoverer recoverer(KafkaOperations<?, ?> template) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublisher(template);
        recoverer.setHeadersFunction((record, exception) -> new RecordHeaders(new RecordHeader[] {
                new RecordHeader(REASON_HEADER, reason(exception).getBytes(StandardCharsets.UTF_8))}));
        return recoverer;
    }

    /** The innermost message: the one that says what was wrong with the record. */
    static String reason(Throwable exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof UnreadableEventException || cause instanceof InvalidEventException) {
                break;
            }
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return Reasons.bounded(cause.getClass().getSimpleName() + ": " + (message == null ? "(no message)" : message));
    }
}
