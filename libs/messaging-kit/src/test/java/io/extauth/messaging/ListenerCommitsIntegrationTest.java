package io.extauth.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Provisioned;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TopicRecorder;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.converter.RecordMessageConverter;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.messaging.Message;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * What a listener costs the broker and itself per poll (issue 14): offsets committed once a second, not after every
 * poll, and still committed; records that come while it waits handled together at its next poll, not one each; no
 * copy of a record's Kafka headers in the message around it.
 */
@SpringBootTest(classes = KitTestApplication.class)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ListenerCommitsIntegrationTest {

    private static TopicRecorder topics;
    private static TestEvents billing;
    private static Admin admin;

    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    static void observe(@Autowired EmbeddedKafkaBroker broker) {
        topics = new TopicRecorder(broker.getBrokersAsString(), List.of(Topics.AUTH_PROVISIONED));
        billing = new TestEvents(broker.getBrokersAsString());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
    }

    @AfterAll
    static void stop() {
        topics.close();
        billing.close();
        admin.close();
    }

    @Test
    void twentyRecordsInTwentyPollsCostACommitPerSecondNotOnePerPoll() {
        MessageListenerContainer container = container();
        String userId = "user-" + UUID.randomUUID();
        double commitsBefore = commits(container);
        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            // one at a time, each handled before the next is sent: every record is a poll of its own
            AuthOrdered order = order(userId, "one-by-one-" + i + "-" + UUID.randomUUID());
            billing.sendBinary(Topics.AUTH_ORDERED, order);
            topics.awaitEvent(Provisioned.class, p -> order.orderId().equals(p.orderId()));
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        double commits = commits(container) - commitsBefore;
        assertThat(commits).as("commits for 20 polls in %.1f s", seconds).isLessThanOrEqualTo(Math.ceil(seconds) + 1);
        assertThat(Math.ceil(seconds) + 1).as("fast enough to tell a commit per poll from one per second")
                .isLessThan(20);
        assertThat(container.getContainerProperties().getAckMode()).isEqualTo(AckMode.TIME);
    }

    /**
     * A consumer waits {@code spring.kafka.listener.idle-between-polls} (KafkaDefaults: 25 ms) before each poll, so the
     * records that come meanwhile are handled in one transaction, not one each. Here a user's records come a few
     * milliseconds apart, faster than one a wait. The test handler's rows carry their transaction's id, so they tell
     * how many transactions there were: at most one per wait while the records came, and the wait after the last one's
     * (its fetch may already be at the broker, answered with one record, and the rest follow at the next poll).
     * Without the wait there was about one per record.
     */
    @Test
    void recordsThatComeWhileTheListenerWaitsAreHandledInOneTransactionNotOneEach() {
        assertThat(container().getContainerProperties().getIdleBetweenPolls()).isEqualTo(25);
        String userId = "user-" + UUID.randomUUID();
        List<String> orderIds = new ArrayList<>();
        long started = System.nanoTime();

        for (int i = 0; i < 40; i++) {
            AuthOrdered order = order(userId, "together-" + i + "-" + UUID.randomUUID());
            orderIds.add(order.orderId());
            billing.sendBinary(Topics.AUTH_ORDERED, order); // waits for the broker's answer: a few ms apart
        }
        long waits = (System.nanoTime() - started) / Duration.ofMillis(25).toNanos() + 3;
        for (String orderId : orderIds) {
            topics.awaitEvent(Provisioned.class, p -> orderId.equals(p.orderId()));
        }

        int transactions = jdbc.queryForObject("SELECT count(DISTINCT tx) FROM handled WHERE order_id = ANY(?)",
                Integer.class, (Object) orderIds.toArray(String[]::new));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM handled WHERE order_id = ANY(?)", Integer.class,
                (Object) orderIds.toArray(String[]::new))).isEqualTo(40);
        // at most one transaction a wait, however fast the machine; on this repository's machine the sends take ~10 ms
        // each, so the bound is about half the records (9 transactions seen, 29-37 without the wait). On a machine
        // whose broker takes more than ~20 ms a send, the bound reaches the number of records and tells the two apart
        // no more: there the setting's own assertion above is what fails without it
        assertThat(transactions).as("transactions for 40 records in %d waits", waits).isLessThanOrEqualTo((int) waits);
    }

    @Test
    void whatTheListenerHandledIsCommittedWithinSecondsOfItsLastPoll() throws Exception {
        String userId = "user-" + UUID.randomUUID();
        AuthOrdered order = order(userId, "committed-" + UUID.randomUUID());
        billing.sendBinary(Topics.AUTH_ORDERED, order);
        topics.awaitEvent(Provisioned.class, p -> order.orderId().equals(p.orderId()));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("kit-test")
                    .partitionsToOffsetAndMetadata().get();
            for (int partition = 0; partition < 3; partition++) {
                TopicPartition tp = new TopicPartition(Topics.AUTH_ORDERED, partition);
                long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
                OffsetAndMetadata offset = committed.get(tp);
                assertThat(end == 0 || offset != null && offset.offset() == end).as("%s committed %s of %d", tp,
                        offset, end).isTrue();
            }
        });
    }

    @Test
    void theListenersWrapARecordInAMessageWithoutCopyingItsKafkaHeaders() {
        // the converter the listener adapter actually uses, not a new one
        RecordMessageConverter converter = ReflectionTestUtils.invokeMethod(
                container().getContainerProperties().getMessageListener(), "getMessageConverter");
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.AUTH_ORDERED, 1, 42L, "user-1",
                "{}".getBytes(StandardCharsets.UTF_8));
        record.headers().add(new RecordHeader("ce_type", "AuthOrdered".getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader("ce_id", "e-1".getBytes(StandardCharsets.UTF_8)));

        Message<?> message = converter.toMessage(record, null, null, byte[].class);

        assertThat(message.getHeaders()).doesNotContainKeys("ce_type", "ce_id");
        assertThat(message.getHeaders()).containsEntry("kafka_receivedTopic", Topics.AUTH_ORDERED)
                .containsEntry("kafka_offset", 42L);
        assertThat(record.headers().lastHeader("ce_type")).as("the record keeps its headers").isNotNull();
    }

    private MessageListenerContainer container() {
        return listeners.getListenerContainers().stream()
                .filter(c -> List.of(c.getContainerProperties().getTopics()).contains(Topics.AUTH_ORDERED))
                .findFirst().orElseThrow();
    }

    private static double commits(MessageListenerContainer container) {
        double total = 0;
        for (Map<MetricName, ? extends Metric> metrics : container.metrics().values()) {
            for (Map.Entry<MetricName, ? extends Metric> metric : metrics.entrySet()) {
                if (metric.getKey().name().equals("commit-total")
                        && metric.getKey().group().equals("consumer-coordinator-metrics")) {
                    total += ((Number) metric.getValue().metricValue()).doubleValue();
                }
            }
        }
        return total;
    }

    private static AuthOrdered order(String userId, String orderId) {
        return new AuthOrdered("1234", userId, orderId, AuthType.PHONEFACTOR, null, "jane@example.com", null,
                new BigDecimal("3.00"), OrderChannel.BILLING, Instant.now());
    }
}
