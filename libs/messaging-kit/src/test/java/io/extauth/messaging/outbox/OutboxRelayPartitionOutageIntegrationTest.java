package io.extauth.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Provisioned;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.RecordedTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest(classes = OutboxRelayPartitionOutageIntegrationTest.RelayOnly.class, properties = {
        "spring.application.name=relay-test",
        "spring.flyway.schemas=relay_test",
        "spring.flyway.locations=classpath:db/messaging",
        "spring.datasource.hikari.schema=relay_test",
        "extauth.messaging.relay-ack-timeout=2s"})
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class OutboxRelayPartitionOutageIntegrationTest {

    private static final int DOWN = 2;
    private static final PartitionOutage OUTAGE = new PartitionOutage(Topics.AUTH_PROVISIONED, DOWN);
    @RegisterExtension
    static final RecordedTopics provisioned = RecordedTopics.onEmbeddedKafka(Topics.AUTH_PROVISIONED);

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;

    @AfterAll
    static void stop() {
        OUTAGE.end();
    }

    @Test
    void usersOnHealthyPartitionsKeepFlowingWhileOnePartitionIsDownAndItsEventsFollowInOrderOnceItIsBack() {
        String stuck = userOn(DOWN);
        String first = userOn(0);
        String second = userOn(1);
        OUTAGE.begin();

        publish(stuck, "stuck-1");
        publish(first, "first-1");
        publish(second, "second-1");
        publish(stuck, "stuck-2");
        awaitOnTopic("first-1", "second-1");
        // committed after the relay met the unavailable partition: they must not wait for it
        publish(first, "first-2");
        publish(second, "second-2");
        publish(stuck, "stuck-3");
        awaitOnTopic("first-2", "second-2");

        assertThat(onTopic(stuck)).isEmpty();
        assertThat(outboxRowsOf(first) + outboxRowsOf(second)).as("acknowledged rows are deleted").isZero();
        assertThat(outboxRowsOf(stuck)).as("unacknowledged rows are kept").isEqualTo(3);

        OUTAGE.end();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(onTopic(stuck))
                .containsExactly("stuck-1", "stuck-2", "stuck-3"));
        await().atMost(Duration.ofSeconds(10)).until(() -> outboxRowsOf(stuck) == 0);
        assertThat(onTopic(first)).containsExactly("first-1", "first-2");
        assertThat(onTopic(second)).containsExactly("second-1", "second-2");
    }

    private void publish(String userId, String orderId) {
        transactions.executeWithoutResult(status -> outbox.publish(new Provisioned("1234", userId, orderId,
                AuthType.PHONEFACTOR, "ref-" + orderId, Instant.now())));
    }

    private static void awaitOnTopic(String... orderIds) {
        for (String orderId : orderIds) {
            provisioned.recorder().awaitEvent(Provisioned.class, p -> orderId.equals(p.orderId()));
        }
    }

    /** The orderIds of the user's events on the topic, in partition order, every copy counted. */
    private static List<String> onTopic(String userId) {
        return provisioned.recorder().events(Topics.AUTH_PROVISIONED, e -> userId.equals(e.key())).stream()
                .sorted(Comparator.comparingLong(RecordedEvent::offset)).map(e -> e.as(Provisioned.class).orderId()).toList();
    }

    private int outboxRowsOf(String userId) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox WHERE event_key = ?", Integer.class, userId);
    }

    private static String userOn(int partition) {
        while (true) {
            String userId = "user-" + UUID.randomUUID();
            if (PartitionOutage.partitionOf(userId, 3) == partition) {
                return userId;
            }
        }
    }

    /** The kit alone, its producer behind the outage. */
    @SpringBootApplication
    static class RelayOnly {

        @Bean
        @SuppressWarnings("unchecked")
        DefaultKafkaProducerFactoryCustomizer partitionOutage() {
            return factory -> ((DefaultKafkaProducerFactory<String, byte[]>) factory).addPostProcessor(OUTAGE.wrapper());
        }
    }
}
