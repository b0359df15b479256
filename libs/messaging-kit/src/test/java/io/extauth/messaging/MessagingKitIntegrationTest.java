package io.extauth.messaging;

import static io.extauth.testsupport.RecordedEvents.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Provisioned;
import io.extauth.messaging.consumer.DeadLetters;
import io.extauth.messaging.outbox.Outbox;
import io.extauth.messaging.topics.TopicReplicationCheck;
import io.extauth.messaging.topics.UnderReplicatedTopic;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TopicRecorder;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest(classes = KitTestApplication.class)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class MessagingKitIntegrationTest {

    /** Kafka's default {@code max.request.size}, the kit's producers' and this test's sender's. */
    private static final int MAX_REQUEST_SIZE = 1_048_576;

    private static TopicRecorder topics;
    private static TestEvents billing;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Outbox outbox;
    @Autowired
    KitTestApplication.ProvisionOnOrder handler;
    @Autowired
    TopicReplicationCheck replication;
    @Autowired
    Tracer tracer;
    @Autowired
    TransactionTemplate transactions;

    @BeforeAll
    static void observe(@Autowired EmbeddedKafkaBroker broker) {
        topics = new TopicRecorder(broker.getBrokersAsString(), List.of(Topics.AUTH_ORDERED, Topics.AUTH_PROVISIONED,
                Topics.deadLetterOf(Topics.AUTH_ORDERED)));
        billing = new TestEvents(broker.getBrokersAsString());
    }

    @AfterAll
    static void stop() {
        topics.close();
        billing.close();
    }

    @Test
    void anEventHandledOnceProducesOneBinaryCloudEventKeyedByUser() {
        AuthOrdered order = order("user-" + UUID.randomUUID(), "o-" + UUID.randomUUID());
        String eventId = billing.sendBinary(Topics.AUTH_ORDERED, order);

        RecordedEvent record = topics.awaitRecord(Provisioned.class, order.userId());

        assertThat(record.key()).isEqualTo(order.userId());
        assertThat(record.headers()).containsEntry("ce_specversion", "1.0").containsEntry("ce_source", "/kit-test")
                .containsEntry("ce_subject", order.userId()).containsEntry("content-type", "application/json")
                .containsKeys("ce_id", "ce_time");
        Provisioned provisioned = record.as(Provisioned.class);
        assertThat(provisioned.orderId()).isEqualTo(order.orderId());
        assertThat(provisioned.vendorRef()).isEqualTo("ref-" + order.orderId());
        assertThat(handledCount(eventId)).isEqualTo(1);
    }

    @Test
    void aDeadMembersPartitionsMoveAfterATenSecondSessionWhichTheBrokerAccepts(
            @Autowired ConsumerFactory<?, ?> consumers) {
        assertThat(consumers.getConfigurationProperties()).as("Kafka's own default is a 45 s session")
                .containsEntry("session.timeout.ms", "10000").containsEntry("heartbeat.interval.ms", "3000");

        AuthOrdered order = order("user-" + UUID.randomUUID(), "o-" + UUID.randomUUID());
        billing.sendBinary(Topics.AUTH_ORDERED, order);

        // a session outside the broker's group.min/max.session.timeout.ms fails the join: nothing would be consumed
        topics.awaitEvent(Topics.AUTH_PROVISIONED, "Provisioned", order.userId());
    }

    @Test
    void anIdleConsumersFetchWaitsASecondAtTheBroker(@Autowired ConsumerFactory<?, ?> consumers) {
        // Kafka's default is 500 ms: twice the empty answers at rest for every consumer. A parked fetch returns as
        // soon as a record arrives, so only an empty answer waits that long
        assertThat(consumers.getConfigurationProperties()).containsEntry("fetch.max.wait.ms", 1000);
    }

    @Test
    void aRedeliveredEventHasNoSecondEffect() {
        AuthOrdered order = order("user-" + UUID.randomUUID(), "o-" + UUID.randomUUID());
        String eventId = UUID.randomUUID().toString();
        billing.sendBinary(Topics.AUTH_ORDERED, order, eventId);
        billing.sendBinary(Topics.AUTH_ORDERED, order, eventId);
        AuthOrdered marker = order(order.userId(), "marker-" + UUID.randomUUID());
        billing.sendBinary(Topics.AUTH_ORDERED, marker);

        // the marker comes after both copies on the same partition: once it is through, both copies were seen
        topics.awaitEvent(Provisioned.class, p -> marker.orderId().equals(p.orderId()));
        assertThat(handledCount(eventId)).isEqualTo(1);
        // the inbox skipped the second copy: its handler ran once, and no copy was refused by the fixture's own key
        // and dead-lettered instead
        assertThat(handler.attempts.get(order.orderId())).hasValue(1);
        assertThat(topics.events(Topics.deadLetterOf(Topics.AUTH_ORDERED), e -> order.userId().equals(e.key())))
                .isEmpty();
        assertThat(assertThatEvents(topics.events()).of(Provisioned.class, p -> order.orderId().equals(p.orderId())))
                .hasSize(1);
    }

    @Test
    void aStructuredModeEventIsAcceptedLikeABinaryOne() {
        AuthOrdered order = order("user-" + UUID.randomUUID(), "o-" + UUID.randomUUID());
        billing.sendStructured(Topics.AUTH_ORDERED, order);

        Provisioned provisioned = topics.awaitEvent(Provisioned.class, order.userId());
        assertThat(provisioned.orderId()).isEqualTo(order.orderId());
    }

    @Test
    void aRecordThatIsNotJsonIsDeadLetteredWithTheReasonAndLaterOrdersFlow() {
        String userId = "user-" + UUID.randomUUID();
        billing.sendRaw(Topics.AUTH_ORDERED, userId, "not json at all".getBytes(StandardCharsets.UTF_8),
                "ce_specversion", "1.0", "ce_type", "AuthOrdered");
        AuthOrdered later = order(userId, "o-" + UUID.randomUUID());
        billing.sendBinary(Topics.AUTH_ORDERED, later);

        RecordedEvent dead = topics.awaitEvent(Topics.deadLetterOf(Topics.AUTH_ORDERED), e -> userId.equals(e.key()));
        assertThat(dead.headers().get(DeadLetters.REASON_HEADER)).contains("not JSON");
        assertThat(dead.value()).isEqualTo("not json at all");
        topics.awaitEvent(Topics.AUTH_PROVISIONED, "Provisioned", userId);
    }

    @Test
    void anEventMissingARequiredFieldIsDeadLetteredNamingTheField() {
        String userId = "user-" + UUID.randomUUID();
        String data = "{\"accountId\":\"1234\",\"userId\":\"" + userId + "\",\"type\":\"PHONEFACTOR\"}";
        billing.sendRaw(Topics.AUTH_ORDERED, userId, data.getBytes(StandardCharsets.UTF_8), "ce_specversion", "1.0",
                "ce_id", UUID.randomUUID().toString(), "ce_type", "AuthOrdered", "ce_source", "/test");

        RecordedEvent dead = topics.awaitEvent(Topics.deadLetterOf(Topics.AUTH_ORDERED), e -> userId.equals(e.key()));
        assertThat(dead.headers().get(DeadLetters.REASON_HEADER)).contains("lacks required field(s)")
                .contains("orderId").contains("email");
    }

    @Test
    void anUnknownEventTypeIsDeadLettered() {
        String userId = "user-" + UUID.randomUUID();
        billing.sendRaw(Topics.AUTH_ORDERED, userId, "{}".getBytes(StandardCharsets.UTF_8), "ce_specversion", "1.0",
                "ce_id", UUID.randomUUID().toString(), "ce_type", "SomethingElse", "ce_source", "/test");

        RecordedEvent dead = topics.awaitEvent(Topics.deadLetterOf(Topics.AUTH_ORDERED), e -> userId.equals(e.key()));
        assertThat(dead.headers().get(DeadLetters.REASON_HEADER)).contains("unknown event type 'SomethingElse'");
    }

    @Test
    void anEventOfTheContractOnAnotherEventsTopicIsDeadLetteredNotSkipped() {
        String userId = "user-" + UUID.randomUUID();
        billing.sendBinary(Topics.AUTH_ORDERED, new Provisioned("1234", userId, "o-1", AuthType.PHONEFACTOR, "ref",
                Instant.now()));

        RecordedEvent dead = topics.awaitEvent(Topics.deadLetterOf(Topics.AUTH_ORDERED), e -> userId.equals(e.key()));
        assertThat(dead.headers().get(DeadLetters.REASON_HEADER))
                .contains("Provisioned travels on auth.provisioned, not on auth.ordered");
    }

    @Test
    void aTransientFailureIsRetriedUntilTheHandlerSucceedsOnce() {
        handler.transientFailuresLeft.set(2);
        AuthOrdered order = order("user-" + UUID.randomUUID(), "flaky-" + UUID.randomUUID());
        String eventId = billing.sendBinary(Topics.AUTH_ORDERED, order);

        topics.awaitEvent(Topics.AUTH_PROVISIONED, "Provisioned", order.userId());
        assertThat(handler.transientFailuresLeft.get()).isNegative();
        assertThat(handledCount(eventId)).isEqualTo(1);
    }

    @Test
    void anEventWithANulTheDatabaseCannotStoreIsDeadLetteredAtOnceWithTheReason() {
        String userId = "user-" + UUID.randomUUID();
        AuthOrdered withNul = order(userId, "o-\u0000-" + UUID.randomUUID());
        billing.sendBinary(Topics.AUTH_ORDERED, withNul);
        AuthOrdered later = order(userId, "o-" + UUID.randomUUID());
        billing.sendBinary(Topics.AUTH_ORDERED, later);

        RecordedEvent dead = topics.awaitEvent(Topics.deadLetterOf(Topics.AUTH_ORDERED), e -> userId.equals(e.key()));
        assertThat(dead.headers().get(DeadLetters.REASON_HEADER)).contains("cannot store a character");
        assertThat(handler.attempts.get(withNul.orderId())).hasValue(1);
        topics.awaitEvent(Provisioned.class, p -> later.orderId().equals(p.orderId()));
    }

    @Test
    void anEventNestedDeeperThanAnyOfTheContractIsDeadLetteredAtOnceWithTheReason() {
        String userId = "user-" + UUID.randomUUID();
        String data = "{\"accountId\":\"1234\",\"userId\":\"" + userId + "\",\"orderId\":\"o-1\","
                + "\"type\":\"PHONEFACTOR\",\"email\":\"jane@example.com\",\"monthlyFee\":3.00,"
                + "\"channel\":\"BILLING\",\"orderedAt\":\"2027-03-01T00:00:00Z\",\"extra\":"
                + "[".repeat(200) + "]".repeat(200) + "}";
        billing.sendRaw(Topics.AUTH_ORDERED, userId, data.getBytes(StandardCharsets.UTF_8), "ce_specversion", "1.0",
                "ce_id", UUID.randomUUID().toString(), "ce_type", "AuthOrdered", "ce_source", "/test");

        RecordedEvent dead = topics.awaitEvent(Topics.deadLetterOf(Topics.AUTH_ORDERED), e -> userId.equals(e.key()));
        assertThat(dead.headers().get(DeadLetters.REASON_HEADER)).contains("nesting depth");
        assertThat(handler.attempts).doesNotContainKey("o-1");
    }

    @Test
    void theTraceOfTheTransactionThatWroteAnEventIsCarriedByItsRecordAndContinuedByItsHandler() {
        AuthOrdered order = order("user-" + UUID.randomUUID(), "o-" + UUID.randomUUID());
        Span ordering = tracer.nextSpan().name("order").start();
        try (Tracer.SpanInScope scope = tracer.withSpan(ordering)) {
            transactions.executeWithoutResult(status -> outbox.publish(order));
        } finally {
            ordering.end();
        }
        String traceId = ordering.context().traceId();

        RecordedEvent ordered = topics.awaitEvent(Topics.AUTH_ORDERED, "AuthOrdered", order.userId());
        RecordedEvent provisioned = topics.awaitRecord(Provisioned.class, order.userId());

        assertThat(ordered.headers().get("traceparent")).as("published by the relay, on another thread, later")
                .matches("00-" + traceId + "-" + ordering.context().spanId() + "-[0-9a-f]{2}");
        assertThat(handler.traceIds).as("the trace seen by the consuming handler").containsEntry(order.orderId(), traceId);
        assertThat(provisioned.headers().get("traceparent")).as("the handler's own event stays in the trace")
                .startsWith("00-" + traceId + "-");
    }

    @Test
    void theOutboxRefusesToPublishOutsideATransaction() {
        assertThatThrownBy(() -> outbox.publish(new Provisioned("1", "u", "o", AuthType.PHONEFACTOR, "r",
                Instant.now()))).isInstanceOf(IllegalStateException.class).hasMessageContaining("transaction");
    }

    @Test
    void topicsOnASingleBrokerAreReportedAsNotSurvivingTheLossOfABroker() throws Exception {
        assertThat(replication.findings()).as("checked at start-up").isNotEmpty();
        assertThat(replication.brokers()).as("the embedded broker is a cluster of one (one broker, one quorum voter): "
                + "said at INFO, not warned").isEqualTo(1);
        // the embedded broker's defaults: one replica, min.insync.replicas=1
        assertThat(replication.check()).isNotEmpty()
                .contains(new UnderReplicatedTopic(Topics.AUTH_ORDERED, 1, 1));
    }

    private int handledCount(String eventId) {
        return await().atMost(Duration.ofSeconds(10)).until(
                () -> jdbc.queryForObject("SELECT count(*) FROM handled WHERE event_id = ?", Integer.class, eventId),
                count -> count > 0);
    }

    private static AuthOrdered order(String userId, String orderId) {
        return new AuthOrdered("1234", userId, orderId, AuthType.PHONEFACTOR, null, "jane@example.com", null,
                new BigDecimal("3.00"), OrderChannel.BILLING, Instant.now());
    }

    /**
     * A record the broker took, a kilobyte under the producer's {@code max.request.size}: its whole dead letter (the
     * record plus spring-kafka's exception headers) is larger than a record may be. Before, its publishing failed, the
     * error handler sought the record back and tried again for ever, and nothing after it on its partition was handled.
     */
    @Test
    void aRecordTooLargeToDeadLetterWholeIsDeadLetteredWithoutItsValueAndTheNextRecordOnItsPartitionIsHandled() {
        String userId = "user-" + UUID.randomUUID();
        String hugeId = UUID.randomUUID().toString();
        byte[] nearTheLimit = new byte[MAX_REQUEST_SIZE - 1_024];
        Arrays.fill(nearTheLimit, (byte) 'x');
        billing.sendRaw(Topics.AUTH_ORDERED, userId, nearTheLimit, "ce_specversion", "1.0", "ce_id", hugeId,
                "ce_type", "AuthOrdered", "ce_source", "/test");
        AuthOrdered next = order(userId, "o-" + UUID.randomUUID());
        billing.sendBinary(Topics.AUTH_ORDERED, next);

        topics.awaitEvent(Provisioned.class, p -> next.orderId().equals(p.orderId()));
        RecordedEvent huge = topics.awaitEvent(Topics.AUTH_ORDERED, e -> hugeId.equals(e.id()));
        RecordedEvent dead = topics.awaitEvent(Topics.deadLetterOf(Topics.AUTH_ORDERED), e -> userId.equals(e.key()));
        assertThat(dead.partition()).isEqualTo(huge.partition());
        assertThat(dead.value()).as("the value stays on auth.ordered").isNull();
        assertThat(dead.headers()).containsEntry("ce_id", hugeId)
                .doesNotContainKey("kafka_dlt-exception-stacktrace");
        assertThat(dead.headers().get(DeadLetters.REASON_HEADER))
                .contains("too large to copy whole into its dead letter")
                .contains("auth.ordered partition " + huge.partition() + " offset " + huge.offset())
                .contains("value " + nearTheLimit.length + " bytes")
                .contains("exceeds the limit of 262144");
        assertThat(topics.events(Topics.deadLetterOf(Topics.AUTH_ORDERED), e -> userId.equals(e.key()))).hasSize(1);
    }
}
