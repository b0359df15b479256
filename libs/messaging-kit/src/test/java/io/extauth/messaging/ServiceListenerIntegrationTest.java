package io.extauth.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.messaging.consumer.DeadLetters;
import io.extauth.messaging.consumer.EventHandlers;
import io.extauth.messaging.consumer.InboundEvents;
import io.extauth.messaging.consumer.TopicListeners;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TopicRecorder;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * A service's modules read their topics through one listener container (issue 14: a consumer per partition, not per
 * partition and topic, so a third of the consumers' cost at rest): here the kit's test service provisions orders
 * ({@code auth.ordered}) and a second module records activations ({@code auth.activated}). One container, one
 * consumer per partition, each record to its topic's listener once, a user's records of both topics on one consumer,
 * and a poison record of one topic dead-lettered alone while the other topic's records in its poll are applied once.
 * With a consumer per partition (concurrency 3, as an operator may set it; the kit's default is one consumer per
 * instance, {@link ListenerThreadNamesIntegrationTest}), which is also how the partitions fall to several instances.
 */
@SpringBootTest(classes = {KitTestApplication.class, ServiceListenerIntegrationTest.Activations.class},
        properties = "spring.kafka.listener.concurrency=3")
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ServiceListenerIntegrationTest {

    private static TopicRecorder topics;
    private static TestEvents upstream;

    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    KitTestApplication.ProvisionOnOrder orders;
    @Autowired
    Activations activations;
    @Autowired
    JdbcTemplate jdbc;

    /** A second module of the same service: records each activation (its event id) in {@code handled}. */
    static class Activations implements TopicListeners {

        /** The consumer thread that took each user's last activation. */
        final Map<String, String> threads = new ConcurrentHashMap<>();
        private final InboundEvents inbound;
        private final EventHandlers handlers;

        Activations(InboundEvents inbound, JdbcTemplate jdbc) {
            this.inbound = inbound;
            this.handlers = EventHandlers.create().on(Activated.class, (event, envelope) -> jdbc.update(
                    "INSERT INTO handled (event_id, order_id) VALUES (?, ?)", envelope.id(), envelope.id()));
        }

        @Override
        public Map<String, RecordListener> byTopic() {
            return Map.of(Topics.AUTH_ACTIVATED, this::activated);
        }

        void activated(ConsumerRecord<String, byte[]> record) {
            threads.put(record.key(), Thread.currentThread().getName());
            inbound.process(record, handlers);
        }
    }

    @BeforeAll
    static void observe(@Autowired EmbeddedKafkaBroker broker) {
        topics = new TopicRecorder(broker.getBrokersAsString(), List.of(Topics.deadLetterOf(Topics.AUTH_ORDERED),
                Topics.deadLetterOf(Topics.AUTH_ACTIVATED)));
        upstream = new TestEvents(broker.getBrokersAsString());
    }

    @AfterAll
    static void stop() {
        topics.close();
        upstream.close();
    }

    @Test
    void theServicesModulesShareOneContainerWithAConsumerPerPartitionOfEveryTopic() {
        assertThat(listeners.getListenerContainers()).hasSize(1);
        ConcurrentMessageListenerContainer<?, ?> container = container();
        assertThat(container.getContainerProperties().getTopics())
                .containsExactly(Topics.AUTH_ACTIVATED, Topics.AUTH_ORDERED);
        assertThat(container.getGroupId()).isEqualTo("kit-test");
        assertThat(container.getConcurrency()).isEqualTo(3);

        // each of the three consumers holds one partition of each topic, the same partition of both
        awaitAssigned();
    }

    @Test
    void eachRecordReachesItsTopicsListenerAndAUsersRecordsOfBothTopicsAreTakenByOneConsumer() {
        awaitAssigned();
        List<String> users = List.of("u1-", "u2-", "u3-", "u4-", "u5-", "u6-").stream()
                .map(prefix -> prefix + UUID.randomUUID()).toList();
        Map<String, String> orderIds = new ConcurrentHashMap<>();
        Map<String, String> activationIds = new ConcurrentHashMap<>();
        for (String user : users) {
            orderIds.put(user, "o-" + UUID.randomUUID());
            upstream.sendBinary(Topics.AUTH_ORDERED, order(user, orderIds.get(user)));
            activationIds.put(user, upstream.sendBinary(Topics.AUTH_ACTIVATED, activated(user)));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> users.stream().allMatch(user ->
                handled(orderIds.get(user)) == 1 && handledOnce(activationIds.get(user))));
        for (String user : users) {
            assertThat(activations.threads.get(user)).as(user).isEqualTo(orders.threads.get(user))
                    .startsWith("kit-test-listener-auth.activated,auth.ordered-");
        }
        assertThat(users.stream().map(orders.threads::get).distinct()).as("six users spread over the consumers")
                .hasSizeGreaterThan(1);
    }

    @Test
    void aPoisonRecordOfOneTopicIsDeadLetteredAloneWhileTheOtherTopicsRecordsOfItsPollAreAppliedOnce() {
        awaitAssigned();
        String user = "user-" + UUID.randomUUID();
        AuthOrdered before = order(user, "b-" + UUID.randomUUID());
        String poisonTail = UUID.randomUUID().toString();
        AuthOrdered poison = order(user, "p-\u0000-" + poisonTail);
        AuthOrdered after = order(user, "a-" + UUID.randomUUID());

        // everything on the user's partition of both topics before the consumers poll again: one poll takes it
        listeners.getListenerContainers().forEach(MessageListenerContainer::stop);
        String first = upstream.sendBinary(Topics.AUTH_ACTIVATED, activated(user));
        for (AuthOrdered order : List.of(before, poison, after)) {
            upstream.sendBinary(Topics.AUTH_ORDERED, order);
        }
        String second = upstream.sendBinary(Topics.AUTH_ACTIVATED, activated(user));
        listeners.getListenerContainers().forEach(MessageListenerContainer::start);

        RecordedEvent dead = topics.awaitEvent(Topics.deadLetterOf(Topics.AUTH_ORDERED), e -> user.equals(e.key()));
        assertThat(dead.headers().get(DeadLetters.REASON_HEADER)).contains("cannot store a character");
        await().atMost(Duration.ofSeconds(30)).until(() -> handledOnce(first) && handledOnce(second)
                && handled(after.orderId()) == 1);
        assertThat(handled(before.orderId())).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM handled WHERE order_id LIKE ?", Integer.class,
                "p-%" + poisonTail)).isZero();
        assertThat(orders.attempts.get(poison.orderId())).as("the poison's handler ran once").hasValue(1);
        assertThat(topics.events(Topics.deadLetterOf(Topics.AUTH_ORDERED), e -> user.equals(e.key()))).hasSize(1);
        assertThat(topics.events(Topics.deadLetterOf(Topics.AUTH_ACTIVATED), e -> user.equals(e.key()))).isEmpty();
    }

    private boolean handledOnce(String eventId) {
        return jdbc.queryForObject("SELECT count(*) FROM handled WHERE event_id = ?", Integer.class, eventId) == 1;
    }

    private int handled(String orderId) {
        return jdbc.queryForObject("SELECT count(*) FROM handled WHERE order_id = ?", Integer.class, orderId);
    }

    private ConcurrentMessageListenerContainer<?, ?> container() {
        return (ConcurrentMessageListenerContainer<?, ?>) listeners.getListenerContainers().iterator().next();
    }

    /** Until each of the three consumers holds one partition of each topic, the same partition of both. */
    private void awaitAssigned() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(container().getAssignmentsByClientId()
                .values()).hasSize(3).allSatisfy(assigned -> assertThat(assigned).hasSize(2)
                .extracting(TopicPartition::partition).containsOnly(assigned.iterator().next().partition())));
    }

    private static AuthOrdered order(String userId, String orderId) {
        return new AuthOrdered("1234", userId, orderId, AuthType.PHONEFACTOR, null, "jane@example.com", null,
                new BigDecimal("3.00"), OrderChannel.BILLING, Instant.now());
    }

    private static Activated activated(String userId) {
        return new Activated("1234", userId, AuthType.PHONEFACTOR, PhoneFactorMethod.PHONE_CALL_STANDARD,
                Instant.now(), "user");
    }
}
