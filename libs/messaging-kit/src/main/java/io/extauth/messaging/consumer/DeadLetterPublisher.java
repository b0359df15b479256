package io.extauth.messaging.consumer;

import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * spring-kafka's recoverer, which publishes a failed record's dead letter whole, as before; when the whole one is too
 * large to publish, it publishes a {@link ReducedDeadLetter} instead. A record near the broker's limit plus
 * spring-kafka's exception headers is larger than a record may be, and a dead letter that is never published holds
 * the partition for ever: the error handler seeks the record back and tries again. If the reduced one is refused too,
 * that failure is thrown as before, so the record is retried, never dropped.
 */
final class DeadLetterPublisher extends DeadLetterPublishingRecoverer {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final KafkaOperations<?, ?> template;

    DeadLetterPublisher(KafkaOperations<?, ?> template) {
        super(template);
        this.template = template;
    }

    /** How long one dead letter's publication may wait for the broker, as spring-kafka reckons it. */
    Duration sendTimeout() {
        return determineSendTimeout(template);
    }

    /**
     * Sends the whole dead letter and waits for it as spring-kafka's own {@code publish} does, but keeps what failed:
     * the producer's size check fails the template's {@code send} at once, and spring-kafka's {@code publish} catches
     * that and throws a failure without it as cause, which could not be told from any other.
     */
    @Override
    protected void publish(ProducerRecord<Object, Object> whole, KafkaOperations<Object, Object> template,
            ConsumerRecord<?, ?> record) {
        if (!isFailIfSendResultIsError()) {
            // a recoverer told not to wait for the send cannot learn that it was too large: spring-kafka's own way
            super.publish(whole, template, record);
            return;
        }
        try {
            verifySendResult(template, whole, template.send(whole), record);
        } catch (RuntimeException refused) {
            RecordTooLargeException tooLarge = tooLarge(refused);
            if (tooLarge == null) {
                log.error("Dead-letter publication to {} failed for {}-{}@{}", whole.topic(), record.topic(),
                        record.partition(), record.offset(), refused);
                throw refused;
            }
            super.publish(ReducedDeadLetter.of(whole, record, tooLarge), template, record);
            // an error, not a warning: the dead letter lacks the value, which is lost with the topic's retention
            log.error("The dead letter of {}-{}@{} was too large to publish whole ({}); a reduced one without its "
                    + "value went to {}: the record stays on {} until the topic's retention", record.topic(),
                    record.partition(), record.offset(), tooLarge.getMessage(), whole.topic(), record.topic());
        }
    }

    /** The producer's size check, or the broker's, wherever it is in the failure's causes. */
    private static @Nullable RecordTooLargeException tooLarge(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RecordTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }
}
