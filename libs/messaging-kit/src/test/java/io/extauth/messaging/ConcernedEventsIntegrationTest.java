package io.extauth.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.ContractJson;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.messaging.cloudevents.CloudEventCodec;
import io.extauth.messaging.cloudevents.InvalidEventException;
import io.extauth.messaging.cloudevents.OutgoingEvent;
import io.extauth.messaging.consumer.DeadLetters;
import io.extauth.messaging.consumer.EventHandlers;
import io.extauth.messaging.consumer.InboundEvents;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.RoundTrips;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TopicRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Issue 14, seventh pass: an event a registration says does not concern its consumer is read and checked like every
 * record, then left alone — no transaction, no inbox row — alone and in a batch; one that concerns it is handled as
 * before, and an invalid one is dead-lettered as before.
 */
@SpringBootTest(classes = {KitTestApplication.class, ConcernedEventsIntegrationTest.Lockouts.class})
@Import(RoundTrips.class)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ConcernedEventsIntegrationTest {

    private static TopicRecorder topics;
    private static TestEvents upstream;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    InboundEvents inbound;
    @Autowired
    Lockouts lockouts;
    @Autowired
    RoundTrips roundTrips;
    @Autowired
    KafkaListenerEndpointRegistry listeners;

    /** Takes every challenge result; only a lockout concerns it (as only a lockout calls for notification's mail). */
    static class Lockouts {

        final EventHandlers handlers;
        private final InboundEvents inbound;

        Lockouts(InboundEvents inbound, JdbcTemplate jdbc) {
            this.inbound = inbound;
            this.handlers = EventHandlers.create().on(ChallengeResult.class,
                    result -> result.outcome() == ChallengeOutcome.LOCKED_OUT,
                    (result, envelope) -> jdbc.update("INSERT INTO handled (event_id, order_id) VALUES (?, ?)",
                            envelope.id(), result.challengeId()));
        }

        @KafkaListener(topics = Topics.AUTH_CHALLENGE_RESULT, groupId = "kit-lockouts")
        void on(ConsumerRecord<String, byte[]> record) {
            inbound.process(record, handlers);
        }
    }

    @BeforeAll
    static void observe(@Autowired EmbeddedKafkaBroker broker) {
        topics = new TopicRecorder(broker.getBrokersAsString(),
                List.of(Topics.deadLetterOf(Topics.AUTH_CHALLENGE_RESULT)));
        upstream = new TestEvents(broker.getBrokersAsString());
    }

    @AfterAll
    static void stop() {
        topics.close();
        upstream.close();
    }

    @Test
    void aRecordThatDoesNotConcernTheConsumerCostsNoRoundTripWhileALockoutIsHandledOnceWithItsInboxRow() {
        String userId = "user-" + UUID.randomUUID();
        ConsumerRecord<String, byte[]> passed = record(result(userId, ChallengeOutcome.SUCCEEDED), userId);
        ConsumerRecord<String, byte[]> locked = record(result(userId, ChallengeOutcome.LOCKED_OUT), userId);
        String self = Thread.currentThread().getName();

        roundTrips.reset();
        inbound.process(passed, lockouts.handlers);
        List<RoundTrips.RoundTrip> ofPassed = roundTrips.of(self::equals);
        roundTrips.reset();
        inbound.process(locked, lockouts.handlers);
        List<RoundTrips.RoundTrip> ofLocked = roundTrips.of(self::equals);
        roundTrips.reset();
        inbound.process(locked, lockouts.handlers);
        List<RoundTrips.RoundTrip> ofRedelivered = roundTrips.of(self::equals);

        assertThat(ofPassed).as("no transaction, no inbox row: %s", ofPassed).isEmpty();
        assertThat(inboxRows(idOf(passed))).isZero();
        assertThat(ofLocked).as("%s", ofLocked).extracting(RoundTrips.RoundTrip::sql)
                .satisfiesExactly(sql -> assertThat(sql).contains("INSERT INTO inbox"),
                        sql -> assertThat(sql).contains("INSERT INTO handled"), sql -> assertThat(sql).isEqualTo(
                                "COMMIT"));
        assertThat(inboxRows(idOf(locked))).isOne();
        assertThat(ofRedelivered).as("the redelivery finds its inbox row: %s", ofRedelivered)
                .extracting(RoundTrips.RoundTrip::sql).noneMatch(sql -> sql.contains("INSERT INTO handled"));
        assertThat(handledRows(idOf(locked))).isOne();
    }

    @Test
    void aRecordThatWouldNotConcernTheConsumerIsStillRefusedWhenItIsInvalid() {
        String userId = "user-" + UUID.randomUUID();
        ConsumerRecord<String, byte[]> notTheUsers = record(result(userId, ChallengeOutcome.SUCCEEDED), "someone-else");

        assertThatThrownBy(() -> inbound.process(notTheUsers, lockouts.handlers))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("is not the event's userId");
        assertThat(inboxRows(idOf(notTheUsers))).isZero();
    }

    @Test
    void aBatchCostsOneTransactionForItsOneLockoutWhileTheInvalidRecordAmongTheOthersIsDeadLetteredAlone() {
        String userId = "user-" + UUID.randomUUID();
        // all on one partition (one key) before the consumers poll again: they arrive as one batch
        listeners.getListenerContainers().forEach(container -> container.stop());
        String succeeded = upstream.sendBinary(Topics.AUTH_CHALLENGE_RESULT, result(userId, ChallengeOutcome.SUCCEEDED));
        String failed = upstream.sendBinary(Topics.AUTH_CHALLENGE_RESULT, result(userId, ChallengeOutcome.FAILED));
        String invalid = UUID.randomUUID().toString();
        upstream.sendRaw(Topics.AUTH_CHALLENGE_RESULT, userId, ContractJson.mapper().writeValueAsString(
                result("someone-else", ChallengeOutcome.SUCCEEDED)).getBytes(StandardCharsets.UTF_8),
                "ce_specversion", "1.0", "ce_id", invalid, "ce_source", "/test", "ce_type", "ChallengeResult",
                "ce_time", Instant.now().toString(), "content-type", "application/json");
        String expired = upstream.sendBinary(Topics.AUTH_CHALLENGE_RESULT, result(userId, ChallengeOutcome.EXPIRED));
        String locked = upstream.sendBinary(Topics.AUTH_CHALLENGE_RESULT,
                result(userId, ChallengeOutcome.LOCKED_OUT));
        roundTrips.reset();
        listeners.getListenerContainers().forEach(container -> container.start());

        RecordedEvent dead = topics.awaitEvent(Topics.deadLetterOf(Topics.AUTH_CHALLENGE_RESULT),
                e -> userId.equals(e.key()));
        await().atMost(Duration.ofSeconds(30)).until(() -> handledRows(locked) == 1);
        List<RoundTrips.RoundTrip> trips = roundTrips.of(RoundTrips.LISTENERS);

        assertThat(dead.headers().get(DeadLetters.REASON_HEADER)).contains("is not the event's userId");
        assertThat(dead.headers().get("ce_id")).isEqualTo(invalid);
        for (String untouched : List.of(succeeded, failed, invalid, expired)) {
            assertThat(inboxRows(untouched)).as(untouched).isZero();
        }
        assertThat(inboxRows(locked)).isOne();
        assertThat(trips).as("one transaction, the lockout's: %s", trips).extracting(RoundTrips.RoundTrip::sql)
                .filteredOn(sql -> sql.equals("COMMIT") || sql.contains("INSERT INTO inbox")).hasSize(2);
    }

    private long inboxRows(String eventId) {
        return jdbc.queryForObject("SELECT count(*) FROM inbox WHERE event_id = ?", Long.class, eventId);
    }

    private long handledRows(String eventId) {
        return jdbc.queryForObject("SELECT count(*) FROM handled WHERE event_id = ?", Long.class, eventId);
    }

    private static String idOf(ConsumerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
    }

    private static ChallengeResult result(String userId, ChallengeOutcome outcome) {
        Instant now = Instant.now();
        return new ChallengeResult("1234", userId, "c-" + UUID.randomUUID(), LoginChannel.VPN, outcome,
                outcome == ChallengeOutcome.SUCCEEDED ? 0 : 5, outcome == ChallengeOutcome.LOCKED_OUT ? 0 : 4,
                outcome == ChallengeOutcome.LOCKED_OUT ? now.plusSeconds(3600) : null, now);
    }

    /** The record the outbox relay would send for the result, with the given key, as the listener receives it. */
    private static ConsumerRecord<String, byte[]> record(ChallengeResult result, String key) {
        OutgoingEvent event = new OutgoingEvent(UUID.randomUUID().toString(), "ChallengeResult", "/test",
                Instant.now(), result.userId(), key, ContractJson.mapper().writeValueAsString(result));
        ProducerRecord<String, byte[]> sent = CloudEventCodec.toRecord(Topics.AUTH_CHALLENGE_RESULT, event);
        ConsumerRecord<String, byte[]> received = new ConsumerRecord<>(Topics.AUTH_CHALLENGE_RESULT, 0, 0,
                sent.key(), sent.value());
        sent.headers().forEach(header -> received.headers().add(header));
        return received;
    }
}
