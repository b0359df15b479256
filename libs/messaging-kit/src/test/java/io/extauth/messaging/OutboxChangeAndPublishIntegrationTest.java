package io.extauth.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Provisioned;
import io.extauth.messaging.outbox.Change;
import io.extauth.messaging.outbox.JdbcOutbox;
import io.extauth.messaging.outbox.OutboxRelay;
import io.extauth.messaging.tracing.EventTracing;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.RoundTrips;
import io.extauth.testsupport.TopicRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A row's change and its event in one statement ({@link JdbcOutbox#changeAndPublish}): the event only when the change
 * changed a row, once, and both or neither, alone or in a transaction.
 */
@SpringBootTest(classes = KitTestApplication.class)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(RoundTrips.class)
class OutboxChangeAndPublishIntegrationTest {

    private static final String SETTLE = "UPDATE change_test SET status = ? WHERE k = ? AND token = ?";

    private static TopicRecorder topics;

    @Autowired
    DataSource dataSource;
    @Autowired
    OutboxRelay relay;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    RoundTrips roundTrips;

    private JdbcTemplate jdbc;
    private JdbcOutbox outbox;

    @BeforeAll
    static void observe(@Autowired EmbeddedKafkaBroker broker) {
        topics = new TopicRecorder(broker.getBrokersAsString(), List.of(Topics.AUTH_PROVISIONED));
    }

    @AfterAll
    static void stop() {
        topics.close();
    }

    @BeforeEach
    void table() {
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE IF NOT EXISTS change_test (k text PRIMARY KEY, token text, status text NOT NULL)");
        outbox = new JdbcOutbox(jdbc, Clock.systemUTC(), "/kit-test", relay, EventTracing.NONE);
    }

    @Test
    void aChangeThatChangesItsRowStoresItsEventInTheSameOneStatementAndTheRelaySendsIt() {
        String userId = "user-" + UUID.randomUUID();
        jdbc.update("INSERT INTO change_test VALUES (?, 'token-1', 'PENDING')", userId);
        roundTrips.reset();

        boolean published = outbox.changeAndPublish(new Change(SETTLE, "DONE", userId, "token-1"),
                provisioned(userId, "o-1"));

        assertThat(published).isTrue();
        String thread = Thread.currentThread().getName();
        // one statement that commits by itself: no transaction, no COMMIT of its own
        assertThat(roundTrips.of(thread::equals)).extracting(RoundTrips.RoundTrip::sql).singleElement().asString()
                .startsWith("WITH changed AS (UPDATE change_test");
        assertThat(status(userId)).isEqualTo("DONE");
        await().atMost(Duration.ofSeconds(30)).until(() -> published(userId).size() == 1);
        assertThat(published(userId)).singleElement().satisfies(event -> {
            assertThat(event.as(Provisioned.class).orderId()).isEqualTo("o-1");
            assertThat(event.headers()).containsEntry("ce_source", "/kit-test").containsEntry("ce_subject", userId);
        });
    }

    @Test
    void aChangeThatFindsNoSuchRowStoresNoEvent() {
        String userId = "user-" + UUID.randomUUID();
        jdbc.update("INSERT INTO change_test VALUES (?, 'token-2', 'PENDING')", userId);

        // the lease went to another worker: its token is no longer this claim's
        boolean published = outbox.changeAndPublish(new Change(SETTLE, "DONE", userId, "token-1"),
                provisioned(userId, "o-1"));

        assertThat(published).isFalse();
        assertThat(status(userId)).isEqualTo("PENDING");
        assertThat(storedEvents(userId)).isZero();
    }

    @Test
    void aChangeOfSeveralRowsStoresItsEventOnce() {
        String userId = "user-" + UUID.randomUUID();
        jdbc.update("INSERT INTO change_test VALUES (?, 'shared', 'PENDING'), (?, 'shared', 'PENDING')",
                userId + "-a", userId + "-b");

        boolean published = outbox.changeAndPublish(
                new Change("UPDATE change_test SET status = 'DONE' WHERE token = ? AND k LIKE ?", "shared",
                        userId + "-%"), provisioned(userId, "o-1"));

        assertThat(published).isTrue();
        assertThat(status(userId + "-a")).isEqualTo("DONE");
        assertThat(status(userId + "-b")).isEqualTo("DONE");
        assertThat(storedEvents(userId)).as("events stored, or sent already").isOne();
    }

    @Test
    void inATransactionThatRollsBackNeitherTheChangeNorTheEventIsKept() {
        String userId = "user-" + UUID.randomUUID();
        jdbc.update("INSERT INTO change_test VALUES (?, 'token-1', 'PENDING')", userId);

        Boolean published = transactions.execute(status -> {
            boolean changed = outbox.changeAndPublish(new Change(SETTLE, "DONE", userId, "token-1"),
                    provisioned(userId, "o-1"));
            status.setRollbackOnly();
            return changed;
        });

        assertThat(published).as("as seen inside the transaction").isTrue();
        assertThat(status(userId)).isEqualTo("PENDING");
        assertThat(storedEvents(userId)).isZero();
    }

    private String status(String key) {
        return jdbc.queryForObject("SELECT status FROM change_test WHERE k = ?", String.class, key);
    }

    /**
     * Events of the user sent from the outbox: once none of them waits in it any more, what the recorder reads of them,
     * no more for a second (the relay deletes a row once the broker has it).
     */
    private int storedEvents(String userId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM outbox WHERE event_key = ?", Integer.class, userId) == 0);
        int[] seen = {published(userId).size()};
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                .until(() -> seen[0] == (seen[0] = published(userId).size()));
        return seen[0];
    }

    private static Provisioned provisioned(String userId, String orderId) {
        return new Provisioned("1234", userId, orderId, AuthType.PHONEFACTOR, "ref", Instant.EPOCH);
    }

    private static List<RecordedEvent> published(String userId) {
        return topics.events(Topics.AUTH_PROVISIONED, event -> userId.equals(event.key()));
    }
}
