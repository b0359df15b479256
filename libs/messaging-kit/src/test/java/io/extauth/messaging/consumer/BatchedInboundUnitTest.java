package io.extauth.messaging.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.messaging.cloudevents.UnreadableEventException;
import io.extauth.messaging.inbox.Inbox;
import io.extauth.messaging.tracing.EventTracing;
import io.extauth.testsupport.NoTransactions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.adapter.BatchToRecordAdapter;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.FixedBackOff;

/**
 * A poll whose unreadable records the batch dead-letters itself: the records after them go on, the poll's offsets are
 * committed at once (a crash before the container's next commit would publish those dead letters again), and a dead
 * letter that cannot be published stops the poll there and goes to the error handler, with nothing after it
 * dead-lettered or committed. The listener's callback stands in for the services' listeners, a recording recoverer
 * for the broker's dead-letter topic (the integration test, {@code BatchedInboundIntegrationTest}, uses the real ones).
 */
class BatchedInboundUnitTest {

    private static final String TOPIC = "auth.ordered";
    private static final TopicPartition ZERO = new TopicPartition(TOPIC, 0);
    private static final TopicPartition ONE = new TopicPartition(TOPIC, 1);

    private final InboundEvents inbound = new InboundEvents(new Inbox(new JdbcTemplate(), Clock.systemUTC()),
            new TransactionTemplate(new NoTransactions()), "test", EventTracing.NONE, new DatabaseProbe(() -> true));
    private final List<Long> deadLettered = new ArrayList<>();
    private final List<Long> applied = new ArrayList<>();
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    /** Offsets whose records the listener cannot read. */
    private Set<Long> unreadable = Set.of();
    /** Offsets whose dead letter the broker refuses. */
    private Set<Long> refused = Set.of();

    private final DeadLetters.HandingOver errorHandler = new DeadLetters.HandingOver((record, consumer, failure) -> {
        if (refused.contains(record.offset())) {
            throw new KafkaException("Dead-letter publication failed");
        }
        deadLettered.add(record.offset());
    }, new FixedBackOff(0, 0));

    private final BatchToRecordAdapter.Callback<String, byte[]> listener = (record, ack, consumer, message) -> {
        if (unreadable.contains(record.offset())) {
            throw new ListenerExecutionFailedException("Listener method threw",
                    new UnreadableEventException("no ce_specversion header"));
        }
        applied.add(record.offset());
    };

    BatchedInboundUnitTest() {
        consumer.assign(List.of(ZERO, ONE));
    }

    @Test
    void unreadableRecordsAreDeadLetteredTheOthersAppliedAndThePollsOffsetsCommittedAtOnce() {
        unreadable = Set.of(11L, 13L);
        List<ConsumerRecord<String, byte[]>> poll = poll(ZERO, 10, 15);
        poll.add(record(ONE, 7));

        adapt(poll);

        assertThat(applied).containsExactly(10L, 12L, 14L, 7L);
        assertThat(deadLettered).containsExactly(11L, 13L);
        assertThat(consumer.committed(Set.of(ZERO, ONE))).as("past the poll, on each of its partitions")
                .isEqualTo(Map.of(ZERO, new OffsetAndMetadata(15), ONE, new OffsetAndMetadata(8)));
    }

    @Test
    void aPollWithoutDeadLettersLeavesItsOffsetsToTheContainer() {
        adapt(poll(ZERO, 10, 13));

        assertThat(applied).containsExactly(10L, 11L, 12L);
        assertThat(consumer.committed(Set.of(ZERO))).as("committed by the container's acknowledgement").isEmpty();
    }

    @Test
    void aDeadLetterThatCannotBePublishedGoesToTheErrorHandlerWithNothingAfterItDeadLetteredOrCommitted() {
        unreadable = Set.of(11L, 13L);
        refused = Set.of(11L);

        assertThatThrownBy(() -> adapt(poll(ZERO, 10, 15))).isInstanceOf(RecordFailed.class)
                .hasMessage("record 1 of the batch failed @-1")
                .hasRootCauseInstanceOf(UnreadableEventException.class);

        assertThat(deadLettered).as("not the one after it: the error handler delivers the poll again from 11")
                .isEmpty();
        assertThat(consumer.committed(Set.of(ZERO))).as("the error handler commits what comes before 11").isEmpty();
    }

    @Test
    void withAnErrorHandlerNotTheKitsEveryFailingRecordIsThrownToIt() {
        unreadable = Set.of(11L);

        assertThatThrownBy(() -> new BatchedInbound(inbound).adapt(messages(poll(ZERO, 10, 13)), poll(ZERO, 10, 13),
                null, consumer, listener)).isInstanceOf(RecordFailed.class);

        assertThat(applied).containsExactly(10L);
        assertThat(deadLettered).isEmpty();
    }

    private void adapt(List<ConsumerRecord<String, byte[]>> poll) {
        new BatchedInbound(inbound, () -> errorHandler).adapt(messages(poll), poll, null, consumer, listener);
    }

    private static List<ConsumerRecord<String, byte[]>> poll(TopicPartition partition, int from, int to) {
        return new ArrayList<>(IntStream.range(from, to).mapToObj(offset -> record(partition, offset)).toList());
    }

    private static ConsumerRecord<String, byte[]> record(TopicPartition partition, long offset) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "jane",
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    private static List<Message<?>> messages(List<ConsumerRecord<String, byte[]>> poll) {
        return poll.stream().<Message<?>>map(record -> new GenericMessage<>(record.value())).toList();
    }
}
