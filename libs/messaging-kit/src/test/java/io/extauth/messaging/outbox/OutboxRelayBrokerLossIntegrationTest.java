package io.extauth.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Provisioned;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TopicRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay on a real three-broker cluster (replication factor 3, min.insync.replicas 2), one broker stopped while
 * events flow: every event arrives once. It starts Kafka's own test kit (which {@code @EmbeddedKafka} wraps) for three
 * brokers and a controller of their own: stopping a broker then never touches the metadata quorum. With the topic at
 * replication factor 1 the same test fails: the stopped broker's partition never takes its events.
 */
@SpringBootTest(classes = OutboxRelayBrokerLossIntegrationTest.RelayOnly.class, properties = {
        "spring.application.name=relay-broker-loss-test",
        "spring.flyway.schemas=relay_broker_loss",
        "spring.flyway.locations=classpath:db/messaging",
        "spring.datasource.hikari.schema=relay_broker_loss",
        "extauth.messaging.topics.replication-factor=3"})
class OutboxRelayBrokerLossIntegrationTest {

    private static final int EVENTS = 200;
    private static final KafkaClusterTestKit CLUSTER = threeBrokers();
    private static TopicRecorder topics;

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", CLUSTER::bootstrapServers);
    }

    @BeforeAll
    static void observe() {
        topics = new TopicRecorder(CLUSTER.bootstrapServers(), List.of(Topics.AUTH_PROVISIONED));
    }

    @AfterAll
    static void stop() throws Exception {
        topics.close();
        CLUSTER.close();
    }

    @Test
    void withOneOfThreeBrokersStoppedMidStreamEveryEventArrivesExactlyOnce() throws Exception {
        assertThat(replicasPerPartition()).as("replicas of each partition").containsOnly(3);

        IntStream.range(0, EVENTS / 2).forEach(this::publish);
        await().atMost(Duration.ofSeconds(60)).until(() -> onTopic().size() >= EVENTS / 4);
        int stopped = leaderOfPartitionZero();
        CLUSTER.brokers().get(stopped).shutdown();
        IntStream.range(EVENTS / 2, EVENTS).forEach(this::publish);
        await().atMost(Duration.ofSeconds(60)).until(() -> leaderOfPartitionZero() != stopped);

        await().atMost(Duration.ofSeconds(120)).until(() -> outboxRows() == 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> onTopic().keySet().size() == EVENTS);
        Map<String, Long> copies = onTopic();
        assertThat(copies).as("every event, broker %d stopped", stopped).hasSize(EVENTS);
        assertThat(copies.values()).as("copies of each event").containsOnly(1L);
    }

    private void publish(int n) {
        transactions.executeWithoutResult(status -> outbox.publish(new Provisioned("1234", "user-" + (n % 17),
                "order-" + n, AuthType.PHONEFACTOR, "ref-" + n, Instant.now())));
    }

    /** orderId to the number of its copies on the topic. */
    private static Map<String, Long> onTopic() {
        return topics.events(Topics.AUTH_PROVISIONED, e -> true).stream()
                .collect(Collectors.groupingBy(e -> e.as(Provisioned.class).orderId(), Collectors.counting()));
    }

    private int outboxRows() {
        return jdbc.queryForObject("SELECT count(*) FROM outbox", Integer.class);
    }

    private static List<Integer> replicasPerPartition() throws Exception {
        return describe().partitions().stream().map(p -> p.replicas().size()).toList();
    }

    private static int leaderOfPartitionZero() throws Exception {
        return describe().partitions().get(0).leader().id();
    }

    private static TopicDescription describe() throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, CLUSTER.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            return admin.describeTopics(List.of(Topics.AUTH_PROVISIONED)).allTopicNames().get().get(Topics.AUTH_PROVISIONED);
        }
    }

    /** Three brokers and one controller of their own, so stopping a broker leaves the metadata quorum whole. */
    private static KafkaClusterTestKit threeBrokers() {
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(false).setNumBrokerNodes(3).setNumControllerNodes(1).build())
                    .setConfigProp("default.replication.factor", "3")
                    .setConfigProp("min.insync.replicas", "2")
                    .setConfigProp("num.partitions", "3")
                    .setConfigProp("offsets.topic.replication.factor", "3")
                    .setConfigProp("transaction.state.log.replication.factor", "3")
                    .setConfigProp("transaction.state.log.min.isr", "2")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return cluster;
        } catch (Exception e) {
            throw new IllegalStateException("the three-broker cluster did not start", e);
        }
    }

    /** The kit alone. */
    @SpringBootApplication
    static class RelayOnly {
    }
}
