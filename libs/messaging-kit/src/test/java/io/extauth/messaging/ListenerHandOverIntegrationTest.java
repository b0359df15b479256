package io.extauth.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.messaging.consumer.ListenerHandOver;
import io.extauth.testsupport.CuttingProxy;
import io.extauth.testsupport.EmbeddedPostgresDefault;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TopicRecorder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Two instances of a service in one consumer group, each with its own pool on one database; a network fault cuts one
 * of them off from PostgreSQL (its open connections go silent, new ones are refused) while the other still reaches it.
 * The instance cut off hands its partitions over once a record has waited {@code retry.hand-over-after}: every record
 * sent meanwhile is applied by the other, once, in each user's order, and none is dead-lettered. When the fault heals
 * it starts its listener again and takes records. With hand-over off, the old way: the instance cut off keeps its
 * partitions and dead-letters their records after {@code retry.database-wait}.
 *
 * <p>Two applications of its own (no shared test context: their listeners are the point) on the shared embedded
 * PostgreSQL, in a database of the test's own, and on a broker of its own.
 */
@EmbeddedKafka(partitions = 3)
class ListenerHandOverIntegrationTest {

    private static final String DATABASE = "kit_hand_over";
    private static final String DEAD_LETTERS = Topics.deadLetterOf(Topics.AUTH_ORDERED);
    private static final Duration HAND_OVER_AFTER = Duration.ofSeconds(3);

    private static EmbeddedKafkaBroker broker;
    private static JdbcTemplate data;
    private static TopicRecorder topics;
    private static TestEvents billing;

    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private CuttingProxy proxy;

    @BeforeAll
    static void start(EmbeddedKafkaBroker embedded) {
        broker = embedded;
        EmbeddedPostgres server = EmbeddedPostgresDefault.shared();
        JdbcTemplate admin = new JdbcTemplate(server.getPostgresDatabase());
        if (admin.queryForList("SELECT 1 FROM pg_database WHERE datname = ?", DATABASE).isEmpty()) {
            admin.execute("CREATE DATABASE " + DATABASE);
        }
        data = new JdbcTemplate(server.getDatabase("postgres", DATABASE));
        topics = new TopicRecorder(broker.getBrokersAsString(), List.of(DEAD_LETTERS));
        billing = new TestEvents(broker.getBrokersAsString());
    }

    @AfterAll
    static void stop() {
        topics.close();
        billing.close();
    }

    @AfterEach
    void stopInstances() throws Exception {
        instances.forEach(ConfigurableApplicationContext::close);
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void theInstanceCutOffFromTheDatabaseHandsItsPartitionsToTheOtherAndTakesUpAgainWhenTheFaultHeals()
            throws Exception {
        ConfigurableApplicationContext reaching = instance(direct(), HAND_OVER_AFTER, Duration.ofSeconds(20));
        proxy = new CuttingProxy(EmbeddedPostgresDefault.shared().getPort());
        ConfigurableApplicationContext cutOff = instance(proxied(), HAND_OVER_AFTER, Duration.ofSeconds(20));
        awaitPartitionsOfBoth(reaching, cutOff);

        proxy.silence();
        proxy.refuse();
        List<AuthOrdered> orders = ordersOfUsers(12, 2);
        orders.forEach(order -> billing.sendBinary(Topics.AUTH_ORDERED, order));

        // the hand-over, a rebalance, the records read again by the instance that reaches the database
        await().atMost(HAND_OVER_AFTER.plusSeconds(40))
                .failFast("a record was dead-lettered", () -> !deadLetters(orders).isEmpty())
                .until(() -> appliedOnceInOrder(orders));
        assertThat(deadLetters(orders)).isEmpty();
        ListenerHandOver handOver = cutOff.getBean(ListenerHandOver.class);
        assertThat(handOver.handOvers()).isEqualTo(1);
        assertThat(handOver.handedOver()).hasSize(1);
        MessageListenerContainer stopped = container(cutOff);
        assertThat(stopped.isRunning()).isFalse();
        assertThat(stopped.isInExpectedState()).as("not stopped by the service").isFalse();
        assertThat(handOver.handedOver()).containsOnlyKeys(stopped.getListenerId());
        assertThat(container(reaching).getAssignedPartitions()).as("all partitions with the other").hasSize(3);

        proxy.admit();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(stopped.isRunning()).isTrue();
            assertThat(stopped.getAssignedPartitions()).isNotEmpty();
        });
        assertThat(handOver.handedOver()).isEmpty();
        assertThat(stopped.isInExpectedState()).isTrue();
        KitTestApplication.ProvisionOnOrder cutOffHandler = cutOff.getBean(KitTestApplication.ProvisionOnOrder.class);
        List<AuthOrdered> later = ordersOfUsers(12, 1);
        later.forEach(order -> billing.sendBinary(Topics.AUTH_ORDERED, order));
        await().atMost(Duration.ofSeconds(30)).until(() -> appliedOnceInOrder(later));
        assertThat(later).as("some taken by the instance back").anyMatch(order ->
                cutOffHandler.attempts.containsKey(order.orderId()));
        assertThat(deadLetters(orders)).isEmpty();
    }

    @Test
    void withHandOverOffTheInstanceCutOffKeepsItsPartitionsAndDeadLettersTheirRecordsAfterTheDatabaseWait()
            throws Exception {
        ConfigurableApplicationContext reaching = instance(direct(), Duration.ZERO, Duration.ofSeconds(5));
        proxy = new CuttingProxy(EmbeddedPostgresDefault.shared().getPort());
        ConfigurableApplicationContext cutOff = instance(proxied(), Duration.ZERO, Duration.ofSeconds(5));
        awaitPartitionsOfBoth(reaching, cutOff);

        proxy.silence();
        proxy.refuse();
        List<AuthOrdered> orders = ordersOfUsers(12, 1);
        orders.forEach(order -> billing.sendBinary(Topics.AUTH_ORDERED, order));

        await().atMost(Duration.ofSeconds(40)).until(() -> !deadLetters(orders).isEmpty());
        assertThat(container(cutOff).isRunning()).as("still holding its partitions").isTrue();
        assertThat(container(cutOff).getAssignedPartitions()).isNotEmpty();
        assertThat(cutOff.getBean(ListenerHandOver.class).handOvers()).isZero();
    }

    private ConfigurableApplicationContext instance(String url, Duration handOverAfter, Duration databaseWait) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(KitTestApplication.class).properties(
                "spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "spring.kafka.consumer.fetch-max-wait=100ms",
                "spring.datasource.url=" + url,
                // a refused connection fails an attempt after this (Hikari's least but one); a silenced one at the
                // driver's socket timeout, as the services' pool does (extauth.database.socket-timeout)
                "spring.datasource.hikari.connection-timeout=500",
                "spring.datasource.hikari.data-source-properties.socketTimeout=2",
                "spring.datasource.hikari.data-source-properties.connectTimeout=1",
                "extauth.messaging.retry.initial-interval=100ms", "extauth.messaging.retry.max-interval=500ms",
                "extauth.messaging.retry.max-attempts=3",
                "extauth.messaging.retry.hand-over-after=" + handOverAfter.toMillis() + "ms",
                "extauth.messaging.retry.database-wait=" + databaseWait.toMillis() + "ms").run();
        instances.add(context);
        return context;
    }

    private static String direct() {
        return EmbeddedPostgresDefault.shared().getJdbcUrl("postgres", DATABASE);
    }

    private String proxied() {
        return "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + DATABASE + "?user=postgres";
    }

    private static MessageListenerContainer container(ConfigurableApplicationContext instance) {
        Collection<MessageListenerContainer> containers = instance.getBean(KafkaListenerEndpointRegistry.class)
                .getAllListenerContainers();
        assertThat(containers).hasSize(1);
        return containers.iterator().next();
    }

    private static void awaitPartitionsOfBoth(ConfigurableApplicationContext one,
            ConfigurableApplicationContext other) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(container(one).getAssignedPartitions()).isNotEmpty();
            assertThat(container(other).getAssignedPartitions()).isNotEmpty();
        });
    }

    /** {@code users} users with {@code each} orders each, a user's in the order they are sent. */
    private static List<AuthOrdered> ordersOfUsers(int users, int each) {
        List<AuthOrdered> orders = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            String user = "user-" + UUID.randomUUID();
            for (int i = 0; i < each; i++) {
                orders.add(new AuthOrdered("1234", user, "o" + i + "-" + UUID.randomUUID() + "-" + user,
                        AuthType.PHONEFACTOR, null, "jane@example.com", null, new BigDecimal("3.00"),
                        OrderChannel.BILLING, Instant.now()));
            }
        }
        return orders;
    }

    /** Whether every order is applied, once, and each user's in the order sent; failing if one is out of order. */
    private static boolean appliedOnceInOrder(List<AuthOrdered> orders) {
        for (String user : orders.stream().map(AuthOrdered::userId).distinct().toList()) {
            List<String> sent = orders.stream().filter(o -> o.userId().equals(user)).map(AuthOrdered::orderId)
                    .toList();
            List<String> applied = applied(user);
            assertThat(applied.size()).as("applied of " + user + " so far: " + applied)
                    .isLessThanOrEqualTo(sent.size());
            assertThat(applied).as("applied of " + user + " so far").isEqualTo(sent.subList(0, applied.size()));
            if (applied.size() < sent.size()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> applied(String user) {
        return data.queryForList("SELECT order_id FROM kit_test.handled WHERE order_id LIKE ? ORDER BY applied",
                String.class, "%" + user);
    }

    private static List<String> deadLetters(List<AuthOrdered> orders) {
        List<String> users = orders.stream().map(AuthOrdered::userId).distinct().toList();
        return topics.events(DEAD_LETTERS, e -> users.contains(e.key())).stream().map(e -> e.key()).toList();
    }
}
