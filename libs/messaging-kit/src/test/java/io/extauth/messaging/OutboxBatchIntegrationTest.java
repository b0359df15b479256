package io.extauth.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Provisioned;
import io.extauth.messaging.outbox.JdbcOutbox;
import io.extauth.messaging.outbox.OutboxRelay;
import io.extauth.messaging.tracing.EventTracing;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.RoundTrips;
import io.extauth.testsupport.TopicRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The events of one transaction go to the outbox in one statement, still in the order they were published. */
@SpringBootTest(classes = KitTestApplication.class)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(RoundTrips.class)
class OutboxBatchIntegrationTest {

    private static TopicRecorder topics;

    @Autowired
    DataSource dataSource;
    @Autowired
    OutboxRelay relay;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    RoundTrips roundTrips;

    @BeforeAll
    static void observe(@Autowired EmbeddedKafkaBroker broker) {
        topics = new TopicRecorder(broker.getBrokersAsString(), List.of(Topics.AUTH_PROVISIONED));
    }

    @AfterAll
    static void stop() {
        topics.close();
    }

    @Test
    void fiveEventsOfOneTransactionAreOneStatementAndArePublishedInTheOrderTheyWerePublished() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        JdbcOutbox outbox = new JdbcOutbox(jdbc, Clock.systemUTC(), "/kit-test", relay, EventTracing.NONE);
        String userId = "user-" + UUID.randomUUID();
        List<String> orderIds = IntStream.range(0, 5).mapToObj(i -> "o-" + i).toList();
        roundTrips.reset();

        transactions.executeWithoutResult(status -> orderIds.forEach(orderId -> outbox.publish(
                new Provisioned("1234", userId, orderId, AuthType.PHONEFACTOR, "ref-" + orderId, Instant.now()))));

        // written with the commit, by the service's transaction manager, on the transaction's connection
        assertThat(outboxStatementsOfThisThread()).as("statements the outbox ran").hasSize(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> published(userId).size() == orderIds.size());
        assertThat(published(userId)).extracting(event -> event.as(Provisioned.class).orderId()).containsExactlyElementsOf(orderIds);
        assertThat(published(userId)).extracting(event -> event.headers().get("ce_source")).containsOnly("/kit-test");
    }

    @Test
    void aSingleEventIsOnePlainRowThatTheRelaySendsAsItSendsAnEventOfABatch() {
        Instant at = Instant.parse("2026-11-30T12:00:00.123456Z");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        JdbcOutbox outbox = new JdbcOutbox(jdbc, Clock.fixed(at, ZoneOffset.UTC), "/kit-test", relay,
                EventTracing.NONE);
        String userId = "user-" + UUID.randomUUID();

        roundTrips.reset();
        String alone = transactions.execute(status -> outbox.publish(provisioned(userId, "o-alone")));
        List<String> sqlOfOne = outboxStatementsOfThisThread();
        List<String> batched = transactions.execute(status -> List.of(outbox.publish(provisioned(userId, "o-1")),
                outbox.publish(provisioned(userId, "o-2"))));

        // the multi-row form builds seven SQL arrays per statement, which the database parses again
        assertThat(sqlOfOne).singleElement().asString().startsWith("INSERT INTO outbox").doesNotContain("unnest");
        await().atMost(Duration.ofSeconds(30)).until(() -> published(userId).size() == 3);
        List<RecordedEvent> sent = published(userId);
        assertThat(sent).extracting(event -> event.headers().get("ce_id"))
                .containsExactly(alone, batched.get(0), batched.get(1));
        assertThat(sent).extracting(event -> event.as(Provisioned.class).orderId())
                .containsExactly("o-alone", "o-1", "o-2");
        for (RecordedEvent event : sent) {
            assertThat(event.key()).isEqualTo(userId);
            assertThat(event.headers()).containsEntry("ce_source", "/kit-test").containsEntry("ce_subject", userId)
                    .containsEntry("ce_type", "Provisioned").doesNotContainKey("traceparent");
            assertThat(OffsetDateTime.parse(event.headers().get("ce_time")).toInstant()).isEqualTo(at);
        }
        assertThat(sent.get(0).value()).isEqualTo(sent.get(1).value().replace("o-1", "o-alone"));
    }

    private static Provisioned provisioned(String userId, String orderId) {
        return new Provisioned("1234", userId, orderId, AuthType.PHONEFACTOR, "ref", Instant.EPOCH);
    }

    @Test
    void aTransactionThatRollsBackWritesNothingToTheOutbox() {
        JdbcOutbox outbox = new JdbcOutbox(new JdbcTemplate(dataSource), Clock.systemUTC(), "/kit-test", relay,
                EventTracing.NONE);
        String userId = "user-" + UUID.randomUUID();
        roundTrips.reset();

        transactions.executeWithoutResult(status -> {
            outbox.publish(new Provisioned("1234", userId, "o-1", AuthType.PHONEFACTOR, "ref", Instant.now()));
            status.setRollbackOnly();
        });

        assertThat(outboxStatementsOfThisThread()).as("statements the outbox ran").isEmpty();
    }

    @Test
    void anEventPublishedWhileTheTransactionIsAboutToCommitIsWrittenToo() {
        JdbcOutbox outbox = new JdbcOutbox(new JdbcTemplate(dataSource), Clock.systemUTC(), "/kit-test", relay,
                EventTracing.NONE);
        String userId = "user-" + UUID.randomUUID();

        // as a @TransactionalEventListener(BEFORE_COMMIT) registered after the first event does (challenge-service
        // decides a locked user's other pending challenges so): its events come after the outbox's own beforeCommit
        transactions.executeWithoutResult(status -> {
            outbox.publish(new Provisioned("1234", userId, "o-1", AuthType.PHONEFACTOR, "ref-1", Instant.now()));
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    outbox.publish(new Provisioned("1234", userId, "o-2", AuthType.PHONEFACTOR, "ref-2",
                            Instant.now()));
                }
            });
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> published(userId).size() == 2);
        assertThat(published(userId)).extracting(event -> event.as(Provisioned.class).orderId()).containsExactly("o-1", "o-2");
    }

    private List<String> outboxStatementsOfThisThread() {
        String thread = Thread.currentThread().getName();
        return roundTrips.of(thread::equals).stream().map(RoundTrips.RoundTrip::sql)
                .filter(sql -> sql.startsWith("INSERT INTO outbox")).toList();
    }

    private static List<RecordedEvent> published(String userId) {
        return topics.events(Topics.AUTH_PROVISIONED, event -> userId.equals(event.key()));
    }
}
