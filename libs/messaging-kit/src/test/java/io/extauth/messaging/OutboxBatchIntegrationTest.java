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
import io.extauth.testsupport.TopicRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The events of one transaction go to the outbox in one statement, still in the order they were published. */
@SpringBootTest(classes = KitTestApplication.class)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class OutboxBatchIntegrationTest {

    private static TopicRecorder topics;

    @Autowired
    DataSource dataSource;
    @Autowired
    OutboxRelay relay;
    @Autowired
    TransactionTemplate transactions;

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
        CountingJdbc jdbc = new CountingJdbc(dataSource);
        JdbcOutbox outbox = new JdbcOutbox(jdbc, Clock.systemUTC(), "/kit-test", relay, EventTracing.NONE);
        String userId = "user-" + UUID.randomUUID();
        List<String> orderIds = IntStream.range(0, 5).mapToObj(i -> "o-" + i).toList();

        transactions.executeWithoutResult(status -> orderIds.forEach(orderId -> outbox.publish(
                new Provisioned("1234", userId, orderId, AuthType.PHONEFACTOR, "ref-" + orderId, Instant.now()))));

        assertThat(jdbc.statements).as("statements the outbox ran").hasValue(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> published(userId).size() == orderIds.size());
        assertThat(published(userId)).extracting(event -> event.as(Provisioned.class).orderId()).containsExactlyElementsOf(orderIds);
        assertThat(published(userId)).extracting(event -> event.headers().get("ce_source")).containsOnly("/kit-test");
    }

    @Test
    void aTransactionThatRollsBackWritesNothingToTheOutbox() {
        CountingJdbc jdbc = new CountingJdbc(dataSource);
        JdbcOutbox outbox = new JdbcOutbox(jdbc, Clock.systemUTC(), "/kit-test", relay, EventTracing.NONE);
        String userId = "user-" + UUID.randomUUID();

        transactions.executeWithoutResult(status -> {
            outbox.publish(new Provisioned("1234", userId, "o-1", AuthType.PHONEFACTOR, "ref", Instant.now()));
            status.setRollbackOnly();
        });

        assertThat(jdbc.statements).as("statements the outbox ran").hasValue(0);
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

    private static List<RecordedEvent> published(String userId) {
        return topics.events(Topics.AUTH_PROVISIONED, event -> userId.equals(event.key()));
    }

    /** A real JdbcTemplate that counts the update statements it runs. */
    private static final class CountingJdbc extends JdbcTemplate {

        final AtomicInteger statements = new AtomicInteger();

        CountingJdbc(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        protected int update(PreparedStatementCreator creator, @Nullable PreparedStatementSetter setter) {
            statements.incrementAndGet();
            return super.update(creator, setter);
        }
    }
}
