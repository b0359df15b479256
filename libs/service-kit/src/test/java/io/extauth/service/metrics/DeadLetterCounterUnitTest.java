package io.extauth.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.extauth.messaging.MessagingProperties;
import io.extauth.messaging.consumer.DatabaseProbe;
import io.extauth.messaging.consumer.DeadLetters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;

/** Every record the kit's error handler sends to its dead-letter topic counts once on {@code extauth.dead.letters}. */
class DeadLetterCounterUnitTest {

    private static final MessagingProperties.Retry ONE_ATTEMPT = new MessagingProperties.Retry(
            Duration.ofMillis(1), 2.0, Duration.ofMillis(4), 1, Duration.ofMinutes(15));
    private static final ConsumerRecords<String, byte[]> BATCH = new ConsumerRecords<>(Map.of(
            new TopicPartition("auth.ordered", 2), List.of(
                    new ConsumerRecord<>("auth.ordered", 2, 17, "user-1", "{}".getBytes(StandardCharsets.UTF_8)),
                    new ConsumerRecord<>("auth.ordered", 2, 18, "user-2", "{}".getBytes(StandardCharsets.UTF_8)))),
            Map.of());

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer()) {
        @Override
        public void close(Duration timeout) {
            // the template closes its producer after each send: a factory's producer is shared, its close a no-op
        }
    };

    /**
     * A batch whose failure names no record goes to spring-kafka's batch fallback, which dead-letters each record and
     * then tells its retry listeners once, of the whole batch.
     */
    @Test
    void eachRecordOfABatchThatFailedWithoutNamingOneCountsAsADeadLetter() {
        DefaultErrorHandler handler = DeadLetters.errorHandler(new KafkaTemplate<>(() -> producer), ONE_ATTEMPT,
                Duration.ofMinutes(5), new DatabaseProbe(() -> true), Clock.systemUTC());
        handler.setRetryListeners(new DeadLetterCounter(meters));

        handler.handleBatch(new ListenerExecutionFailedException("Listener failed",
                new IllegalStateException("a bug outside any record")), BATCH, mock(Consumer.class), running(), () -> {
                    throw new IllegalStateException("a bug outside any record");
                });

        assertThat(producer.history()).hasSize(2);
        assertThat(meters.find(DeadLetterCounter.METER).tags("topic", "auth.ordered",
                "reason", "IllegalStateException").counters()).extracting(Counter::count).containsExactly(2.0);
    }

    private static MessageListenerContainer running() {
        MessageListenerContainer container = mock(MessageListenerContainer.class);
        when(container.isRunning()).thenReturn(true);
        when(container.getContainerProperties()).thenReturn(new ContainerProperties("auth.ordered"));
        return container;
    }
}
