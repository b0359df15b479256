package io.extauth.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Provisioned;
import io.extauth.messaging.outbox.Outbox;
import io.extauth.messaging.outbox.OutboxRelay;
import io.extauth.testsupport.RecordedTopics;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One relay at a time per schema: while another relay holds the round's lock (here a connection of the test, as a
 * second instance of the service would), this one reads nothing and sends nothing, and once the lock is free it sends
 * what waited.
 */
@SpringBootTest(classes = KitTestApplication.class, properties = "extauth.messaging.relay-poll-interval=1d")
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class OutboxRelayLockIntegrationTest {

    @RegisterExtension
    static final RecordedTopics provisioned = RecordedTopics.onEmbeddedKafka(Topics.AUTH_PROVISIONED);

    @Autowired
    Outbox outbox;
    @Autowired
    OutboxRelay relay;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;

    @Test
    void aRelayWithoutTheLockSendsNothingUntilTheOtherRelayIsDone() throws Exception {
        String userId = "user-" + UUID.randomUUID();
        try (Connection otherRelay = dataSource.getConnection()) {
            otherRelay.setAutoCommit(false);
            try (Statement lock = otherRelay.createStatement()) {
                lock.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.outbox'))");
            }

            transactions.executeWithoutResult(status -> outbox.publish(new Provisioned("1234", userId, "o-1",
                    AuthType.PHONEFACTOR, "ref", Instant.now())));

            assertThat(relay.publishBatch()).as("events sent without the lock").isZero();
            // the commit woke the relay's own thread too: it got no further
            await("the event waits in the outbox").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> waiting(userId) == 1
                            && provisioned.recorder().events(Topics.AUTH_PROVISIONED, e -> userId.equals(e.key())).isEmpty());
            otherRelay.rollback();
        }

        relay.wakeUp();
        provisioned.recorder().awaitRecord(Provisioned.class, p -> userId.equals(p.userId()));
        await("the event is deleted once sent").atMost(Duration.ofSeconds(10)).until(() -> waiting(userId) == 0);
    }

    private int waiting(String userId) {
        Integer rows = jdbc.queryForObject("SELECT count(*) FROM outbox WHERE event_key = ?", Integer.class, userId);
        return rows == null ? 0 : rows;
    }
}
