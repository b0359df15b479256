package io.extauth.messaging;

import static io.extauth.testsupport.RecordedEvents.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Provisioned;
import io.extauth.messaging.consumer.BatchedInbound;
import io.extauth.messaging.consumer.DeadLetters;
import io.extauth.messaging.inbox.Inbox;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.RoundTrips;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TopicRecorder;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.transaction.support.TransactionTemplate;

/** A poll's records in one transaction: one inbox insert telling the new events, a poison record dead-lettered alone. */
@SpringBootTest(classes = KitTestApplication.class)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class BatchedInboundIntegrationTest {

    private static TopicRecorder topics;
    private static TestEvents billing;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    Inbox inbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    KitTestApplication.ProvisionOnOrder handler;
    @Autowired
    DefaultErrorHandler errorHandler;

    @BeforeAll
    static void observe(@Autowired EmbeddedKafkaBroker broker) {
        topics = new TopicRecorder(broker.getBrokersAsString(), List.of(Topics.AUTH_PROVISIONED,
                Topics.deadLetterOf(Topics.AUTH_ORDERED)));
        billing = new TestEvents(broker.getBrokersAsString());
    }

    @AfterAll
    static void stop() {
        topics.close();
        billing.close();
    }

    /** What the batches say at WARN: a line per poll that dead-lettered records itself. */
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void listen() {
        lines.start();
        ((Logger) LoggerFactory.getLogger(BatchedInbound.class)).addAppender(lines);
    }

    @AfterEach
    void stopListening() {
        ((Logger) LoggerFactory.getLogger(BatchedInbound.class)).detachAppender(lines);
    }

    @Test
    void theBatchInboxInsertReturnsOnlyTheIdsNotRecordedBeforeCountingARepeatInTheBatchOnce() {
        String seen = UUID.randomUUID().toString();
        String fresh = UUID.randomUUID().toString();
        String twice = UUID.randomUUID().toString();
        transactions.executeWithoutResult(status -> inbox.firstDelivery("batch-test", seen, "AuthOrdered"));

        var news = transactions.execute(status -> inbox.firstDeliveries("batch-test", List.of(
                new Inbox.Delivery(seen, "AuthOrdered"), new Inbox.Delivery(fresh, "AuthOrdered"),
                new Inbox.Delivery(twice, "AuthOrdered"), new Inbox.Delivery(twice, "AuthOrdered"))));

        assertThat(news).containsExactlyInAnyOrder(fresh, twice);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox WHERE consumer = 'batch-test' AND event_id IN (?, ?, ?)",
                Integer.class, seen, fresh, twice)).isEqualTo(3);
    }

    @Test
    void aPollOfOneEventIsRecordedByTheSingleRowInsertWithoutArrays() {
        RoundTrips roundTrips = new RoundTrips();
        Inbox counted = new Inbox(new JdbcTemplate((DataSource) roundTrips.postProcessAfterInitialization(dataSource,
                "dataSource")), Clock.systemUTC());
        String id = UUID.randomUUID().toString();
        List<Inbox.Delivery> one = List.of(new Inbox.Delivery(id, "AuthOrdered"));

        Set<String> first = counted.firstDeliveries("batch-test", one);
        Set<String> again = counted.firstDeliveries("batch-test", one);

        assertThat(first).containsExactly(id);
        assertThat(again).as("recorded before").isEmpty();
        assertThat(first.remove(id)).as("the caller removes what it handled").isTrue();
        assertThat(roundTrips.of(thread -> true)).as("%s", roundTrips.of(thread -> true))
                .extracting(RoundTrips.RoundTrip::sql).hasSize(2).allSatisfy(sql -> assertThat(sql)
                        .contains("INSERT INTO inbox (consumer, event_id, event_type, handled_at, digest) VALUES "
                                + "(?, ?, ?, ?, ?)")
                        .doesNotContain("unnest"));
    }

    @Test
    void aPoisonRecordInTheMiddleOfABatchIsDeadLetteredAloneAndTheOthersAreAppliedOnceInBatches() {
        String userId = "user-" + UUID.randomUUID();
        AuthOrdered a = order(userId, "a-" + UUID.randomUUID());
        AuthOrdered b = order(userId, "b-" + UUID.randomUUID());
        AuthOrdered poison = order(userId, "o-\u0000-" + UUID.randomUUID());
        AuthOrdered c = order(userId, "c-" + UUID.randomUUID());
        AuthOrdered d = order(userId, "d-" + UUID.randomUUID());

        // all five on one partition before the consumers poll again: they arrive as one batch
        listeners.getListenerContainers().forEach(container -> container.stop());
        for (AuthOrdered order : List.of(a, b, poison, c, d)) {
            billing.sendBinary(Topics.AUTH_ORDERED, order);
        }
        listeners.getListenerContainers().forEach(container -> container.start());

        RecordedEvent dead = topics.awaitEvent(Topics.deadLetterOf(Topics.AUTH_ORDERED), e -> userId.equals(e.key()));
        assertThat(dead.headers().get(DeadLetters.REASON_HEADER)).contains("cannot store a character");
        topics.awaitEvent(Provisioned.class, p -> d.orderId().equals(p.orderId()));
        assertThat(handler.attempts.get(poison.orderId())).as("the poison's handler ran once").hasValue(1);
        for (AuthOrdered order : List.of(a, b, c, d)) {
            assertThat(assertThatEvents(topics.events()).of(Provisioned.class,
                    p -> order.orderId().equals(p.orderId()))).as(order.orderId()).hasSize(1);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM handled WHERE order_id = ?", Integer.class,
                    order.orderId())).isEqualTo(1);
        }
        assertThat(tx(a)).as("the records before the poison in one transaction").isEqualTo(tx(b));
        assertThat(tx(c)).as("the records after it in one transaction").isEqualTo(tx(d));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(15)).until(() -> topics.events(
                Topics.deadLetterOf(Topics.AUTH_ORDERED), e -> userId.equals(e.key())).size() == 1);
        assertThat(lines.list).as("dead-lettered by the batch, which went on with the records after it")
                .extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                .startsWith("1 of a poll's 5 records dead-lettered: ").contains("cannot store a character");
    }

    @Test
    void unreadableRecordsInABatchAreDeadLetteredAndCountedWhileTheBatchGoesOnInOneTransaction() {
        String userId = "user-" + UUID.randomUUID();
        AuthOrdered a = order(userId, "a-" + UUID.randomUUID());
        AuthOrdered b = order(userId, "b-" + UUID.randomUUID());
        AuthOrdered c = order(userId, "c-" + UUID.randomUUID());
        List<ConsumerRecord<?, ?>> counted = new CopyOnWriteArrayList<>();
        errorHandler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
            }

            @Override
            public void recovered(ConsumerRecord<?, ?> record, Exception ex) {
                counted.add(record);
            }
        });
        try {
            // one partition, one poll: an order, a record that is no JSON, an order, one without CloudEvent headers,
            // an order
            listeners.getListenerContainers().forEach(container -> container.stop());
            billing.sendBinary(Topics.AUTH_ORDERED, a);
            billing.sendRaw(Topics.AUTH_ORDERED, userId, "not json".getBytes(StandardCharsets.UTF_8),
                    "ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_type", "AuthOrdered",
                    "ce_source", "/billing", "content-type", "application/json");
            billing.sendBinary(Topics.AUTH_ORDERED, b);
            billing.sendRaw(Topics.AUTH_ORDERED, userId, "{}".getBytes(StandardCharsets.UTF_8));
            billing.sendBinary(Topics.AUTH_ORDERED, c);
            listeners.getListenerContainers().forEach(container -> container.start());

            for (AuthOrdered order : List.of(a, b, c)) {
                topics.awaitEvent(Provisioned.class, p -> order.orderId().equals(p.orderId()));
            }
            // and no third copy for a quiet while (a poll delivered again would publish them again)
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(15)).until(() -> topics.events(
                    Topics.deadLetterOf(Topics.AUTH_ORDERED), e -> userId.equals(e.key())).size() == 2);
            List<RecordedEvent> dead = topics.events(Topics.deadLetterOf(Topics.AUTH_ORDERED),
                    e -> userId.equals(e.key()));
            assertThat(dead).as("each unreadable record dead-lettered once").hasSize(2);
            assertThat(dead.get(0).headers().get(DeadLetters.REASON_HEADER)).startsWith("UnreadableEventException");
            assertThat(dead.get(1).headers().get(DeadLetters.REASON_HEADER)).startsWith("UnreadableEventException")
                    .contains("ce_specversion");
            assertThat(counted).as("the handler's retry listeners told of each dead letter once")
                    .extracting(record -> String.valueOf(record.key())).containsExactly(userId, userId);
            assertThat(tx(b)).as("the records around the unreadable ones in the poll's one transaction, not fetched "
                    + "again after each").isEqualTo(tx(a)).isEqualTo(tx(c));
            for (AuthOrdered order : List.of(a, b, c)) {
                assertThat(assertThatEvents(topics.events()).of(Provisioned.class,
                        p -> order.orderId().equals(p.orderId()))).as(order.orderId()).hasSize(1);
            }
            assertThat(lines.list).as("one line for the poll, naming both with their reasons")
                    .extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                    .startsWith("2 of a poll's 5 records dead-lettered: " + Topics.AUTH_ORDERED + "-")
                    .contains(" to " + Topics.deadLetterOf(Topics.AUTH_ORDERED) + ": UnreadableEventException")
                    .contains("ce_specversion").doesNotEndWith("…");
        } finally {
            errorHandler.setRetryListeners();
        }
    }

    @Test
    void anotherEventUnderAnIdAlreadyHandledIsDeadLetteredWithTheReasonWhileARedeliveryIsSkipped() {
        String userId = "user-" + UUID.randomUUID();
        AuthOrdered first = order(userId, "first-" + UUID.randomUUID());
        AuthOrdered reusing = order(userId, "reusing-" + UUID.randomUUID());
        AuthOrdered alsoReusing = order(userId, "also-reusing-" + UUID.randomUUID());
        AuthOrdered fresh = order(userId, "fresh-" + UUID.randomUUID());
        String id = billing.sendBinary(Topics.AUTH_ORDERED, first);
        topics.awaitEvent(Provisioned.class, p -> first.orderId().equals(p.orderId()));

        // alone in its poll: the single-row insert's path
        billing.sendBinary(Topics.AUTH_ORDERED, reusing, id);
        RecordedEvent alone = topics.awaitEvent(Topics.deadLetterOf(Topics.AUTH_ORDERED),
                e -> userId.equals(e.key()) && e.value().contains(reusing.orderId()));
        assertThat(alone.headers().get(DeadLetters.REASON_HEADER)).contains("ce_id '" + id + "' was already handled")
                .contains("another type, source or data");

        // in one batch: a redelivery of the first (skipped), another event under its id, a new event
        listeners.getListenerContainers().forEach(container -> container.stop());
        billing.sendBinary(Topics.AUTH_ORDERED, first, id);
        billing.sendBinary(Topics.AUTH_ORDERED, alsoReusing, id);
        billing.sendBinary(Topics.AUTH_ORDERED, fresh);
        listeners.getListenerContainers().forEach(container -> container.start());

        topics.awaitEvent(Provisioned.class, p -> fresh.orderId().equals(p.orderId()));
        RecordedEvent inBatch = topics.awaitEvent(Topics.deadLetterOf(Topics.AUTH_ORDERED),
                e -> userId.equals(e.key()) && e.value().contains(alsoReusing.orderId()));
        assertThat(inBatch.headers().get(DeadLetters.REASON_HEADER)).contains("was already handled");
        assertThat(topics.events(Topics.deadLetterOf(Topics.AUTH_ORDERED), e -> userId.equals(e.key())))
                .as("the redelivery of the first is not dead-lettered").hasSize(2);
        assertThat(assertThatEvents(topics.events()).of(Provisioned.class,
                p -> first.orderId().equals(p.orderId()))).as("the first applied once").hasSize(1);
        for (AuthOrdered notApplied : List.of(reusing, alsoReusing)) {
            assertThat(handler.attempts.get(notApplied.orderId())).as(notApplied.orderId()).isNull();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM handled WHERE order_id = ?", Integer.class,
                fresh.orderId())).isEqualTo(1);
    }

    private long tx(AuthOrdered order) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList(
                "SELECT tx FROM handled WHERE order_id = ?", Long.class, order.orderId()), rows -> !rows.isEmpty())
                .get(0);
    }

    private static AuthOrdered order(String userId, String orderId) {
        return new AuthOrdered("1234", userId, orderId, AuthType.PHONEFACTOR, null, "jane@example.com", null,
                new BigDecimal("3.00"), OrderChannel.BILLING, Instant.now());
    }
}
