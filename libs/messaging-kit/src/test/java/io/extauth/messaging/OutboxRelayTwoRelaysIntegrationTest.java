package io.extauth.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Provisioned;
import io.extauth.messaging.outbox.Outbox;
import io.extauth.messaging.outbox.OutboxRelay;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.RecordedTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two relays on one schema, as two instances of a service have, both polling every millisecond while commits come
 * from two threads: every event reaches the topic exactly once. The round lock alone is not enough for that: a relay
 * that reads the outbox must see every delete the previous holder committed, so its scan's snapshot must be taken
 * after the lock is held, not before it (a relay whose scan statement asked for the lock itself read, now and then, a
 * row the other relay had just published and deleted, and published it again). The acknowledgement timeout is long:
 * a row whose acknowledgement comes after it may be sent again by the other relay, the documented at-least-once path
 * that this test is not about.
 */
@SpringBootTest(classes = KitTestApplication.class, properties = {"extauth.messaging.relay-poll-interval=1ms",
        "extauth.messaging.relay-batch-size=4", "extauth.messaging.relay-ack-timeout=60s"})
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class OutboxRelayTwoRelaysIntegrationTest {

    private static final int EVENTS = 1_500;

    @RegisterExtension
    static final RecordedTopics provisioned = RecordedTopics.onEmbeddedKafka(Topics.AUTH_PROVISIONED);

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    KafkaTemplate<String, byte[]> kafka;

    @Test
    void twoRelaysOnOneSchemaPublishEveryEventExactlyOnce() throws Exception {
        // the second relay's own template on the context's producer, counting what the broker acknowledged to it
        KafkaTemplate<String, byte[]> secondKafka = new KafkaTemplate<>(kafka.getProducerFactory());
        AtomicInteger sentBySecond = new AtomicInteger();
        secondKafka.setProducerListener(new ProducerListener<>() {
            @Override
            public void onSuccess(ProducerRecord<String, byte[]> record, RecordMetadata metadata) {
                sentBySecond.incrementAndGet();
            }
        });
        OutboxRelay second = new OutboxRelay(jdbc, transactions, secondKafka, Duration.ofMillis(1), 4,
                Duration.ofSeconds(60));
        second.start();
        String run = UUID.randomUUID().toString();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> written = List.of(writers.submit(() -> write(run, 0)), writers.submit(() -> write(run, 1)));
            for (Future<?> done : written) {
                done.get(60, TimeUnit.SECONDS);
            }
            await("every event on the topic").atMost(Duration.ofSeconds(60))
                    .until(() -> events(run).size() >= EVENTS);
            // a second copy of a late event would come after the first: wait until none is left and a while more
            await("the outbox emptied").atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM outbox WHERE event_key LIKE ?", Integer.class, "user-" + run + "-%") == 0);
            Thread.sleep(500);
        } finally {
            writers.shutdownNow();
            second.stop();
        }

        assertThat(sentBySecond.get()).as("events the second relay published: both relays took rounds")
                .isPositive().isLessThan(EVENTS);
        List<RecordedEvent> events = events(run);
        Map<String, Long> copies = events.stream().collect(Collectors.groupingBy(RecordedEvent::id,
                Collectors.counting()));
        assertThat(copies.entrySet()).as("events published more than once (ce_id: copies)")
                .filteredOn(entry -> entry.getValue() > 1).isEmpty();
        assertThat(events).hasSize(EVENTS);
        assertThat(events.stream().map(e -> e.text("orderId")).collect(Collectors.toSet())).hasSize(EVENTS);
    }

    private void write(String run, int writer) {
        for (int i = writer; i < EVENTS; i += 2) {
            String orderId = run + "-" + i;
            // a few users, so both relays' rounds often carry events of the same partitions
            String userId = "user-" + run + "-" + (i % 7);
            transactions.executeWithoutResult(status -> outbox.publish(new Provisioned("1234", userId, orderId,
                    AuthType.PHONEFACTOR, "ref", Instant.now())));
        }
    }

    private List<RecordedEvent> events(String run) {
        return provisioned.recorder().events(Topics.AUTH_PROVISIONED, e -> e.key().startsWith("user-" + run));
    }
}
