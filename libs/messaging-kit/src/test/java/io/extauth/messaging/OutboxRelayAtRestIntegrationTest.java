package io.extauth.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Provisioned;
import io.extauth.messaging.outbox.JdbcOutbox;
import io.extauth.messaging.outbox.OutboxRelay;
import io.extauth.messaging.tracing.EventTracing;
import io.extauth.testsupport.RecordedTopics;
import io.extauth.testsupport.RoundTrips;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the relay costs the database while nothing happens (issue 14): a poll that no commit woke asks whether the
 * outbox has a row at all, one statement without a transaction, instead of a round (the transaction, the lock, the
 * scan, the commit). A row that no commit of this instance woke the relay for (another instance's, whose relay is
 * not running) is still published by the next poll. Polls every 100 ms here.
 */
@SpringBootTest(classes = KitTestApplication.class, properties = "extauth.messaging.relay-poll-interval=100ms")
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(RoundTrips.class)
class OutboxRelayAtRestIntegrationTest {

    private static final String ANY_ROW = "SELECT EXISTS (SELECT 1 FROM outbox WHERE seq > ?)";

    @RegisterExtension
    static final RecordedTopics provisioned = RecordedTopics.onEmbeddedKafka(Topics.AUTH_PROVISIONED);

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    KafkaTemplate<String, byte[]> kafka;
    @Autowired
    EventTracing tracing;
    @Autowired
    RoundTrips roundTrips;

    @Test
    void aPollAtRestIsOneQuestionWithoutATransaction() {
        awaitOutboxEmpty();
        roundTrips.reset();

        await("ten polls").pollDelay(Duration.ofSeconds(1)).until(() -> true);
        List<RoundTrips.RoundTrip> relay = relayTrips();

        // a round per poll would be three round trips here: the lock (with BEGIN), the scan, COMMIT
        assertThat(relay).as("the relay's round trips over a second at rest: %s", relay).hasSizeGreaterThanOrEqualTo(5)
                .allMatch(trip -> trip.sql().equals(ANY_ROW));
    }

    @Test
    void aRowThatWokeNoRelayOfThisInstanceIsPublishedByThePoll() {
        awaitOutboxEmpty();
        // another instance's outbox: its commit wakes its own relay, which here never runs
        OutboxRelay othersRelay = new OutboxRelay(jdbc, transactions, kafka, Duration.ofDays(1), 500,
                Duration.ofSeconds(5));
        JdbcOutbox othersOutbox = new JdbcOutbox(jdbc, Clock.systemUTC(), "other-instance", othersRelay, tracing);
        String userId = "user-" + UUID.randomUUID();
        roundTrips.reset();

        transactions.executeWithoutResult(status -> othersOutbox.publish(new Provisioned("1234", userId, "o-1",
                AuthType.PHONEFACTOR, "ref", Instant.now())));

        provisioned.recorder().awaitRecord(Provisioned.class, p -> userId.equals(p.userId()));
        awaitOutboxEmpty();
        assertThat(relayTrips()).as("the poll that found the row ran a round: it deleted the row it published")
                .anyMatch(trip -> trip.sql().startsWith("DELETE FROM outbox"));
    }

    private List<RoundTrips.RoundTrip> relayTrips() {
        return roundTrips.of(name -> name.equals("outbox-relay"));
    }

    private void awaitOutboxEmpty() {
        await("the outbox is empty").atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForObject("SELECT count(*) FROM outbox", Integer.class) == 0);
    }
}
