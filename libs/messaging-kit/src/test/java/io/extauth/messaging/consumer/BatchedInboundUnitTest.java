package io.extauth.messaging.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.messaging.cloudevents.InvalidEventException;
import io.extauth.messaging.cloudevents.UnreadableEventException;
import io.extauth.messaging.inbox.Inbox;
import io.extauth.messaging.tracing.EventTracing;
import io.extauth.testsupport.NoTransactions;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
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
    /** Commits of transactions and dead letters published, in the order they happened. */
    private final List<String> steps = new ArrayList<>();
    private final List<Long> applied = new ArrayList<>();
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    /** Offsets whose records the listener cannot read. */
    private Set<Long> unreadable = Set.of();
    /** Offsets whose dead letter the broker refuses. */
    private Set<Long> refused = Set.of();

    /** The poll's clock, in nanoseconds. */
    private final AtomicLong now = new AtomicLong();
    /** How far a dead letter's publication moves it. */
    private long publishTakes;

    private final DeadLetters.HandingOver errorHandler = new DeadLetters.HandingOver((record, consumer, failure) -> {
        now.addAndGet(publishTakes);
        if (refused.contains(record.offset())) {
            throw new KafkaException("Dead-letter publication failed");
        }
        deadLettered.add(record.offset());
        steps.add("dead letter " + record.offset());
    }, Duration.ZERO, new FixedBackOff(0, 0));

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
        assertThat(applied).as("the poll's transaction: the records after it come again, and the inbox knows them")
                .containsExactly(10L, 12L, 14L);
        assertThat(consumer.committed(Set.of(ZERO))).as("nothing committed here: what comes before 11 is the error "
                + "handler's to commit").isEmpty();
    }

    @Test
    void aPollPastItsBudgetLeavesTheNextDeadLetterToTheErrorHandler() {
        unreadable = Set.of(11L, 12L, 13L);
        // each dead letter takes the broker 10 s; the budget is 15 s from the poll's start (a quarter of 60 s)
        publishTakes = 10_000_000_000L;
        BatchedInbound slow = new BatchedInbound(inbound, () -> errorHandler, Duration.ofSeconds(60), now::get);

        assertThatThrownBy(() -> slow.adapt(messages(poll(ZERO, 10, 15)), poll(ZERO, 10, 15), null, consumer,
                listener)).isInstanceOf(RecordFailed.class).hasMessage("record 3 of the batch failed @-3");

        assertThat(deadLettered).as("within the budget; 20 s of the poll's 15 s spent after them")
                .containsExactly(11L, 12L);
        assertThat(applied).containsExactly(10L, 14L);
    }

    @Test
    void theBudgetLeavesTwoSendTimeoutsOfTheIntervalForTheLastDeadLetterAndTheHandlersTryAgain() {
        Duration interval = Duration.ofMinutes(5);
        assertThat(handingOver(Duration.ofSeconds(125)).deadLetterBudget(interval)).as("Kafka's defaults")
                .isEqualTo(Duration.ofSeconds(40));
        assertThat(handingOver(Duration.ofSeconds(10)).deadLetterBudget(interval)).as("a quarter at most")
                .isEqualTo(Duration.ofSeconds(75));
        assertThat(handingOver(Duration.ofSeconds(150)).deadLetterBudget(interval)).as("no room: none here")
                .isZero();
        assertThat(new DeadLetterPublisher(new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000)))).sendTimeout())
                .as("spring-kafka's wait for a dead letter: delivery.timeout.ms and its 5 s").isEqualTo(
                        Duration.ofSeconds(125));
    }

    @Test
    void aHandlersInvalidEventPastTheBudgetGoesToTheErrorHandlerTheRecordsAfterItRolledBack() {
        publishTakes = 20_000_000_000L;
        List<String> handled = new ArrayList<>();
        InboundEvents events = new InboundEvents(newEveryTime(), new TransactionTemplate(new NoTransactions()),
                "test", EventTracing.NONE, new DatabaseProbe(() -> true));
        EventHandlers handlers = EventHandlers.create().on(AuthOrdered.class, (order, envelope) -> {
            if (order.orderId().equals("o-11")) {
                throw new InvalidEventException("not for this service");
            }
            handled.add(order.orderId());
        });
        List<ConsumerRecord<String, byte[]>> poll = List.of(record(ZERO, 10), order(11), order(12));

        assertThatThrownBy(() -> new BatchedInbound(events, () -> errorHandler, Duration.ofSeconds(60), now::get)
                .adapt(messages(poll), poll, null, consumer, (record, ack, consumer, message) -> events.process(
                        record, handlers))).isInstanceOf(RecordFailed.class).hasMessage("event e-11 failed @-1");

        assertThat(deadLettered).as("the unreadable one, which spent the budget").containsExactly(10L);
        assertThat(handled).as("o-12 was applied with o-11 and rolled back with it; it comes again").isEmpty();
    }

    @Test
    void aPollsDeadLettersArePublishedOnlyAfterItsTransactionCommits() {
        InboundEvents events = new InboundEvents(newEveryTime(), new TransactionTemplate(new NoTransactions(() -> steps.add("commit"))), "test",
                EventTracing.NONE, new DatabaseProbe(() -> true));
        EventHandlers handlers = EventHandlers.create().on(AuthOrdered.class,
                (order, envelope) -> steps.add("handled " + order.orderId()));
        List<ConsumerRecord<String, byte[]>> poll = List.of(order(10), record(ZERO, 11), order(12));

        new BatchedInbound(events, () -> errorHandler, Duration.ofMinutes(1), now::get).adapt(messages(poll), poll,
                null, consumer, (record, ack, consumer, message) -> events.process(record, handlers));

        assertThat(steps).containsExactly("handled o-10", "handled o-12", "commit", "dead letter 11");
    }

    @Test
    void anInterruptDuringTheCommitLeavesTheCommitToTheContainerAndTheThreadInterrupted() {
        unreadable = Set.of(11L);
        MockConsumer<String, byte[]> interrupted = new MockConsumer<>("earliest") {
            @Override
            public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
                throw new InterruptException(new InterruptedException());
            }
        };
        interrupted.assign(List.of(ZERO));
        List<ConsumerRecord<String, byte[]>> poll = poll(ZERO, 10, 13);

        new BatchedInbound(inbound, () -> errorHandler, Duration.ofMinutes(1)).adapt(messages(poll), poll, null,
                interrupted, listener);

        assertThat(Thread.interrupted()).as("the interrupt kept for the container").isTrue();
        assertThat(deadLettered).containsExactly(11L);
    }

    @Test
    void aWakeUpDuringTheCommitLeavesTheCommitToTheContainerAndThePollDone() {
        unreadable = Set.of(11L);
        MockConsumer<String, byte[]> wokenUp = new MockConsumer<>("earliest") {
            @Override
            public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
                throw new WakeupException();
            }
        };
        wokenUp.assign(List.of(ZERO));
        List<ConsumerRecord<String, byte[]>> poll = poll(ZERO, 10, 13);

        new BatchedInbound(inbound, () -> errorHandler, Duration.ofMinutes(1)).adapt(messages(poll), poll, null,
                wokenUp, listener);

        assertThat(deadLettered).as("once: the poll is not delivered again").containsExactly(11L);
        assertThat(applied).containsExactly(10L, 12L);
    }

    @Test
    void onlyThePartitionsTheConsumerStillHoldsAreCommitted() {
        unreadable = Set.of(11L);
        consumer.assign(List.of(ZERO));
        List<ConsumerRecord<String, byte[]>> poll = poll(ZERO, 10, 13);
        poll.add(record(ONE, 7));

        adapt(poll);

        assertThat(consumer.committed(Set.of(ZERO, ONE))).as("partition 1 was revoked during the poll")
                .isEqualTo(Map.of(ZERO, new OffsetAndMetadata(13)));
    }

    @Test
    void aBatchThatFailsOutsideAHandlerIsAppliedOneAtATimeItsUnreadableRecordsDeadLetteredOnTheWay() {
        // the batch's inbox statement fails (no record's fault as far as the batch can tell): split into single records
        Inbox failingBatches = new Inbox(new JdbcTemplate(), Clock.systemUTC()) {
            @Override
            public Set<String> firstDeliveries(String consumer, List<Delivery> deliveries) {
                throw new IllegalStateException("batch insert failed");
            }

            @Override
            public boolean firstDelivery(String consumer, String eventId, String eventType, byte[] digest) {
                return true;
            }
        };
        InboundEvents events = new InboundEvents(failingBatches, new TransactionTemplate(new NoTransactions()),
                "test", EventTracing.NONE, new DatabaseProbe(() -> true));
        List<String> orders = new ArrayList<>();
        EventHandlers handlers = EventHandlers.create().on(AuthOrdered.class,
                (order, envelope) -> orders.add(order.orderId()));
        List<ConsumerRecord<String, byte[]>> poll = new ArrayList<>();
        for (long offset = 10; offset < 14; offset++) {
            poll.add(offset == 12 ? record(ZERO, offset) : order(offset));
        }

        new BatchedInbound(events, () -> errorHandler, Duration.ofMinutes(1)).adapt(messages(poll), poll, null,
                consumer, (record, ack, consumer, message) -> events.process(record, handlers));

        assertThat(orders).containsExactly("o-10", "o-11", "o-13");
        assertThat(deadLettered).as("once, though read twice").containsExactly(12L);
        assertThat(consumer.committed(Set.of(ZERO))).isEqualTo(Map.of(ZERO, new OffsetAndMetadata(14)));
    }

    @Test
    void withAnErrorHandlerNotTheKitsEveryFailingRecordIsThrownToIt() {
        unreadable = Set.of(11L);

        assertThatThrownBy(() -> new BatchedInbound(inbound, () -> new DefaultErrorHandler(), Duration.ofMinutes(1))
                .adapt(messages(poll(ZERO, 10, 13)), poll(ZERO, 10, 13), null, consumer, listener))
                .isInstanceOf(RecordFailed.class).hasMessage("record 1 of the batch failed @-1");

        assertThat(applied).as("the poll stops at it").containsExactly(10L);
        assertThat(consumer.committed(Set.of(ZERO))).isEmpty();
    }

    private void adapt(List<ConsumerRecord<String, byte[]>> poll) {
        new BatchedInbound(inbound, () -> errorHandler, Duration.ofMinutes(1), now::get).adapt(messages(poll), poll,
                null, consumer, listener);
    }

    private static DeadLetters.HandingOver handingOver(Duration sendTimeout) {
        return new DeadLetters.HandingOver((record, consumer, failure) -> { }, sendTimeout, new FixedBackOff(0, 0));
    }

    /** An inbox to which every event of a batch is new. */
    private static Inbox newEveryTime() {
        return new Inbox(new JdbcTemplate(), Clock.systemUTC()) {
            @Override
            public Set<String> firstDeliveries(String consumer, List<Delivery> deliveries) {
                Set<String> ids = new HashSet<>();
                deliveries.forEach(delivery -> ids.add(delivery.eventId()));
                return ids;
            }
        };
    }

    /** An {@code AuthOrdered} of order {@code o-<offset>} as the relay sends it, at {@code offset} of partition 0. */
    private static ConsumerRecord<String, byte[]> order(long offset) {
        ConsumerRecord<String, byte[]> sent = ContractSamples.recordOf(new AuthOrdered("1234", "jane", "o-" + offset,
                AuthType.PHONEFACTOR, null, "jane@example.com", null, new BigDecimal("4.90"), OrderChannel.BILLING,
                ContractSamples.AT), "e-" + offset);
        ConsumerRecord<String, byte[]> at = new ConsumerRecord<>(TOPIC, 0, offset, sent.key(), sent.value());
        sent.headers().forEach(header -> at.headers().add(header));
        return at;
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
