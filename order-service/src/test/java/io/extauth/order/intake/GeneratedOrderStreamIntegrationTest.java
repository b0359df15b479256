package io.extauth.order.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.OrderChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.contract.events.OrderRejected;
import io.extauth.messaging.consumer.DeadLetters;
import io.extauth.order.OrderServiceIntegrationTestBase;
import io.extauth.order.intake.OrderStream.ExpectedOrdered;
import io.extauth.order.intake.OrderStream.ExpectedRejected;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestJwt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * Thousands of generated billing records ({@code -Dextauth.generated.records}, default 3,000) from a printed seed
 * ({@code -Dextauth.generated.seed} repeats a run): every valid order becomes exactly one {@code AuthOrdered} at its
 * price, every invalid one exactly one {@code OrderRejected} with exactly its reasons, every unreadable record exactly
 * one dead letter with its reason, and nothing else shows up on those topics.
 */
class GeneratedOrderStreamIntegrationTest extends OrderServiceIntegrationTestBase {

    private static final int RECORDS = Integer.getInteger("extauth.generated.records", 3_000);
    private static final long SEED = Long.getLong("extauth.generated.seed", new Random().nextLong());
    private static final String DLT = Topics.deadLetterOf(Topics.BILLING_ORDERS);
    private static final int SHOWN_PROBLEMS = 25;

    /** This context's broker: the system property @EmbeddedKafka sets names the JVM's latest (the base says why). */
    @Autowired
    private EmbeddedKafkaBroker broker;

    @Value("${spring.kafka.consumer.group-id}")
    private String groupId;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void everyGeneratedOrderEndsAsExactlyOneAuthOrderedRejectionOrDeadLetterAndNothingElse() throws Exception {
        System.out.printf("GeneratedOrderStreamIntegrationTest: seed %d, %d records "
                + "(repeat with -Dextauth.generated.seed=%d)%n", SEED, RECORDS, SEED);
        OrderStream.PROMOS.forEach((code, promo) -> assertThat(
                call(HttpMethod.PUT, "/api/promos/" + code, TestJwt.operator(), promo).status()).isIn(200, 201));
        long start = System.nanoTime();
        OrderStream stream = new OrderStream(SEED, RECORDS);
        List<OrderStream.Outgoing> records = stream.records();
        long generated = System.nanoTime();

        send(records);
        long sent = System.nanoTime();
        boolean settled = awaitEverythingProcessed(stream);
        long processed = System.nanoTime();

        List<String> problems = new ArrayList<>();
        checkAuthOrdered(stream, problems);
        checkRejected(stream, problems);
        checkDeadLetters(stream, problems);
        checkStoredOrders(stream, problems);
        long checked = System.nanoTime();
        System.out.printf("GeneratedOrderStreamIntegrationTest: seed %d: %d records (%s); expected %d AuthOrdered, "
                + "%d OrderRejected, %d dead letters; generate %d ms, send %d ms, process %d ms, check %d ms%n",
                SEED, records.size(), stream.kinds, stream.ordered.size(), stream.rejected.size(),
                stream.deadLettered.size(), ms(start, generated), ms(generated, sent), ms(sent, processed),
                ms(processed, checked));

        assertThat(problems.subList(0, Math.min(problems.size(), SHOWN_PROBLEMS)))
                .as("seed %d: %d problem(s), the first %d shown", SEED, problems.size(), SHOWN_PROBLEMS).isEmpty();
        assertThat(settled).as("seed %d: order-service caught up with billing.orders and emptied its outbox", SEED)
                .isTrue();
    }

    private void send(List<OrderStream.Outgoing> records) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // idempotent (the default): each user's records arrive in the order sent, even when a send is retried
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
            for (OrderStream.Outgoing record : records) {
                sends.add(producer.send(record.toRecord()));
            }
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
        }
    }

    /**
     * Waits until the expected numbers of events are on the three topics, order-service's group has committed the
     * end of billing.orders and its outbox is empty; then for a quiet second in which nothing more appears. A timeout
     * is not fatal here: the checks that follow say precisely what is missing.
     */
    private boolean awaitEverythingProcessed(OrderStream stream) {
        try {
            await("seed " + SEED + ": the expected events").atMost(Duration.ofSeconds(150))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> mine(Topics.AUTH_ORDERED).size() >= stream.ordered.size()
                            && mine(Topics.BILLING_ORDERS_REJECTED).size() >= stream.rejected.size()
                            && mine(DLT).size() >= stream.deadLettered.size());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.getBrokersAsString()))) {
                await("seed " + SEED + ": order-service caught up").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200)).until(() -> caughtUp(admin) && outboxIsEmpty());
            }
            int[] counts = counts();
            await("seed " + SEED + ": no further events").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> Arrays.equals(counts(), counts));
            return true;
        } catch (ConditionTimeoutException e) {
            System.out.println("GeneratedOrderStreamIntegrationTest: " + e.getMessage());
            return false;
        }
    }

    private boolean caughtUp(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> ends = committed.keySet().stream()
                .filter(tp -> tp.topic().equals(Topics.BILLING_ORDERS))
                .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()));
        if (ends.size() < 3) {
            return false;
        }
        var latest = admin.listOffsets(ends).all().get();
        return ends.keySet().stream().allMatch(tp -> committed.get(tp).offset() >= latest.get(tp).offset());
    }

    private boolean outboxIsEmpty() {
        return Objects.equals(jdbc.queryForObject("SELECT count(*) FROM outbox", Long.class), 0L);
    }

    private int[] counts() {
        return new int[] {mine(Topics.AUTH_ORDERED).size(), mine(Topics.BILLING_ORDERS_REJECTED).size(),
            mine(DLT).size()};
    }

    /** Everything on the topic about this run's users (other test classes share the broker). */
    private List<RecordedEvent> mine(String topic) {
        String prefix = "gen-" + Long.toHexString(SEED) + "-";
        return recorder.events(topic, event -> event.key() != null && event.key().startsWith(prefix));
    }

    private void checkAuthOrdered(OrderStream stream, List<String> problems) {
        Map<String, List<RecordedEvent>> byOrderId = mine(Topics.AUTH_ORDERED).stream()
                .collect(Collectors.groupingBy(e -> String.valueOf(orderIdOf(e))));
        byOrderId.forEach((orderId, events) -> {
            if (!stream.ordered.containsKey(orderId)) {
                report(problems, "unexpected " + events.size() + " event(s) on auth.ordered for order " + orderId
                        + ": " + events.get(0).value());
            } else if (events.size() != 1) {
                report(problems, events.size() + " events on auth.ordered for order " + orderId);
            }
        });
        stream.ordered.forEach((orderId, expected) -> {
            List<RecordedEvent> events = byOrderId.getOrDefault(orderId, List.of());
            if (events.isEmpty()) {
                report(problems, "no AuthOrdered for valid order " + orderId + " " + expected);
                return;
            }
            RecordedEvent event = events.get(0);
            if (!event.is(AuthOrdered.class) || !isAsExpected(event.key(), event.as(AuthOrdered.class), expected)) {
                report(problems, "order " + orderId + ": expected AuthOrdered " + expected + " but got "
                        + event.type() + " " + event.value());
            }
        });
    }

    private void checkRejected(OrderStream stream, List<String> problems) {
        Map<String, List<RecordedEvent>> byUser = mine(Topics.BILLING_ORDERS_REJECTED).stream()
                .collect(Collectors.groupingBy(RecordedEvent::key));
        byUser.forEach((user, events) -> {
            if (!stream.rejected.containsKey(user)) {
                report(problems, "unexpected rejection of user " + user + ": " + events.get(0).value());
            } else if (events.size() != 1) {
                report(problems, events.size() + " rejections of user " + user);
            }
        });
        stream.rejected.forEach((user, expected) -> {
            List<RecordedEvent> events = byUser.getOrDefault(user, List.of());
            if (events.isEmpty()) {
                report(problems, "no OrderRejected for user " + user + ", expected " + expected);
                return;
            }
            RecordedEvent event = events.get(0);
            if (!event.is(OrderRejected.class) || !isAsExpected(event.as(OrderRejected.class), expected)) {
                report(problems, "user " + user + ": expected OrderRejected " + expected + " but got "
                        + event.type() + " " + event.value());
            }
        });
    }

    private void checkDeadLetters(OrderStream stream, List<String> problems) {
        Map<String, List<RecordedEvent>> byKey = mine(DLT).stream().collect(Collectors.groupingBy(RecordedEvent::key));
        byKey.forEach((key, events) -> {
            if (!stream.deadLettered.containsKey(key)) {
                report(problems, "unexpected dead letter of key " + key + ": "
                        + events.get(0).headers().get(DeadLetters.REASON_HEADER));
            } else if (events.size() != 1) {
                report(problems, events.size() + " dead letters of key " + key);
            }
        });
        stream.deadLettered.forEach((key, fragment) -> {
            List<RecordedEvent> events = byKey.getOrDefault(key, List.of());
            String reason = events.isEmpty() ? null : events.get(0).headers().get(DeadLetters.REASON_HEADER);
            if (reason == null || !reason.contains(fragment)) {
                report(problems, "key " + key + ": expected a dead letter saying '" + fragment + "' but got "
                        + (events.isEmpty() ? "none" : "'" + reason + "'"));
            }
        });
    }

    /** The order a record on auth.ordered is about (null for a type that names no order). */
    private static @Nullable String orderIdOf(RecordedEvent record) {
        if (record.is(AuthOrdered.class)) {
            return record.as(AuthOrdered.class).orderId();
        }
        if (record.is(OrderCancelled.class)) {
            return record.as(OrderCancelled.class).orderId();
        }
        return null;
    }

    /** The expected billing order, its fee compared as written on the topic ("2.70" stays "2.70", not 2.7). */
    private static boolean isAsExpected(String key, AuthOrdered ordered, ExpectedOrdered expected) {
        ExpectedOrdered actual = new ExpectedOrdered(key, ordered.type().name(), ordered.credentialId(),
                ordered.promoCode(), ordered.monthlyFee().toPlainString(), ordered.email());
        return expected.equals(actual) && ordered.channel() == OrderChannel.BILLING
                && expected.userId().equals(ordered.userId());
    }

    /** Exactly the expected field:code reasons, in any order, and every one with a message that says something. */
    private static boolean isAsExpected(OrderRejected rejected, ExpectedRejected expected) {
        List<String> codes = rejected.reasons().stream().map(r -> r.field() + ":" + r.code()).sorted().toList();
        boolean messagesSay = rejected.reasons().stream().map(OrderRejected.Reason::message)
                .allMatch(message -> message != null && !message.isBlank());
        return expected.equals(new ExpectedRejected(rejected.orderId(), codes)) && messagesSay;
    }

    /** The orders table agrees: one ACCEPTED row per valid order, one REJECTED row per invalid one, nothing else. */
    private void checkStoredOrders(OrderStream stream, List<String> problems) {
        Map<String, Long> stored = new TreeMap<>();
        jdbc.query("SELECT status, count(*) AS n FROM orders WHERE starts_with(user_id, ?) GROUP BY status",
                rs -> {
                    stored.put(rs.getString("status"), rs.getLong("n"));
                }, "gen-" + Long.toHexString(SEED) + "-");
        Map<String, Long> expected = new TreeMap<>(Map.of("ACCEPTED", (long) stream.ordered.size(),
                "REJECTED", (long) stream.rejected.size()));
        if (!stored.equals(expected)) {
            report(problems, "orders table holds " + stored + ", expected " + expected);
        }
    }

    private static void report(List<String> problems, String problem) {
        problems.add(problem);
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
