package io.extauth.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.contract.Topics;
import io.extauth.messaging.inbox.Inbox;
import io.extauth.messaging.inbox.InboxPruner;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inbox keeps a handled event's id as long as its topic can deliver the event again, and deletes it after: against
 * the kit's topics on a real broker (Kafka's defaults: 7 days' retention, 7 days' segments) and a real PostgreSQL.
 */
@SpringBootTest(classes = KitTestApplication.class)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class InboxPrunerIntegrationTest {

    @Autowired
    Inbox inbox;
    @Autowired
    InboxPruner pruner;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    KafkaAdmin admin;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private String consumer;

    @BeforeEach
    void aConsumerOfItsOwn() {
        consumer = "prune-" + UUID.randomUUID();
        // rows of other tests are all recent; none of them is old enough to go
        jdbc.update("DELETE FROM inbox WHERE handled_at < ?", Timestamp.from(now.minus(Duration.ofHours(1))));
    }

    @Test
    void rowsPastTheTopicsRetentionGoNewerOnesStayAndStillAbsorbTheirEvents() {
        handled("old", now.minus(Duration.ofDays(16)));
        handled("almost", now.minus(Duration.ofDays(14)));
        handled("recent", now.minus(Duration.ofHours(1)));

        InboxPruner.Pruned pruned = pruner.pruneNow();

        // the longest a contract topic keeps a record: 7 days' retention + a 7-day segment, and a day's margin
        assertThat(pruned.before()).isBetween(now.minus(Duration.ofDays(15)).minusSeconds(60),
                now.minus(Duration.ofDays(15)).plusSeconds(60));
        assertThat(pruned.rows()).isEqualTo(1);
        assertThat(pruned.why()).contains("retention.ms + segment.ms");
        assertThat(ids()).containsExactlyInAnyOrder("almost", "recent");
        // a kept row still says "handled already"; a deleted one no longer can (what the horizon is there for)
        assertThat(inbox.firstDelivery(consumer, "almost", "test")).isFalse();
        assertThat(inbox.firstDelivery(consumer, "old", "test")).isTrue();
    }

    @Test
    void aTopicThatKeepsRecordsForEverKeepsEveryRow() throws Exception {
        handled("old", now.minus(Duration.ofDays(400)));
        ConfigResource activated = new ConfigResource(ConfigResource.Type.TOPIC, Topics.AUTH_ACTIVATED);
        try (Admin client = Admin.create(admin.getConfigurationProperties())) {
            retention(client, activated, "-1");
            try {
                InboxPruner.Pruned pruned = pruner.pruneNow();

                assertThat(pruned.rows()).isZero();
                assertThat(pruned.before()).isNull();
                assertThat(pruned.why()).contains(Topics.AUTH_ACTIVATED).contains("for ever");
                assertThat(ids()).containsExactly("old");
            } finally {
                retention(client, activated, String.valueOf(Duration.ofDays(7).toMillis()));
            }
        }
    }

    @Test
    void anOperatorsRetentionIsTakenAsSetAndManyRowsGoABatchAtATime() {
        jdbc.update("""
                INSERT INTO inbox (consumer, event_id, event_type, handled_at)
                SELECT ?, 'bulk-' || n, 'test', ? FROM generate_series(1, ?) AS n""", consumer,
                Timestamp.from(now.minus(Duration.ofDays(3))), InboxPruner.BATCH + 50);
        handled("recent", now.minus(Duration.ofDays(1)));
        InboxPruner operators = new InboxPruner(inbox, transactions, Clock.systemUTC(), () -> {
            throw new AssertionError("the topics are not asked when the retention is set");
        }, Duration.ofDays(2), Duration.ZERO);

        InboxPruner.Pruned pruned = operators.pruneNow();

        assertThat(pruned.rows()).isEqualTo(InboxPruner.BATCH + 50);
        assertThat(pruned.why()).contains("extauth.messaging.inbox.retention");
        assertThat(ids()).containsExactly("recent");
    }

    @Test
    void whileAnotherInstancePrunesThisOneDeletesNothing() throws Exception {
        handled("old", now.minus(Duration.ofDays(16)));
        try (Connection otherInstance = dataSource.getConnection()) {
            otherInstance.setAutoCommit(false);
            try (Statement lock = otherInstance.createStatement()) {
                lock.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.inbox'))");
            }

            InboxPruner.Pruned pruned = pruner.pruneNow();

            assertThat(pruned.rows()).isZero();
            assertThat(pruned.why()).contains("another instance");
            assertThat(ids()).containsExactly("old");
            otherInstance.rollback();
        }
        assertThat(pruner.pruneNow().rows()).isEqualTo(1);
        assertThat(ids()).isEmpty();
    }

    @Test
    void aClusterThatCannotBeReadKeepsEveryRow() {
        handled("old", now.minus(Duration.ofDays(400)));
        InboxPruner blind = new InboxPruner(inbox, transactions, Clock.systemUTC(), () -> {
            throw new org.apache.kafka.common.errors.TimeoutException("no broker");
        }, null, Duration.ZERO);

        InboxPruner.Pruned pruned = blind.pruneNow();

        assertThat(pruned.rows()).isZero();
        assertThat(pruned.why()).contains("could not read").contains("no broker");
        assertThat(ids()).containsExactly("old");
    }

    @Test
    void theServicePrunesOnItsOwnTimerAndRefusesANonsenseRetention() {
        assertThat(pruner.isRunning()).isTrue();
        assertThatThrownBy(() -> new InboxPruner(inbox, transactions, Clock.systemUTC(), List::of, Duration.ZERO,
                Duration.ofHours(1))).hasMessageContaining("extauth.messaging.inbox.retention must be positive");
        assertThatThrownBy(() -> new InboxPruner(inbox, transactions, Clock.systemUTC(), List::of, null,
                Duration.ofHours(-1))).hasMessageContaining("prune-interval must not be negative");
    }

    private void handled(String eventId, Instant at) {
        jdbc.update("INSERT INTO inbox (consumer, event_id, event_type, handled_at) VALUES (?, ?, 'test', ?)",
                consumer, eventId, Timestamp.from(at));
    }

    private List<String> ids() {
        return jdbc.queryForList("SELECT event_id FROM inbox WHERE consumer = ?", String.class, consumer);
    }

    private static void retention(Admin client, ConfigResource topic, String millis) throws Exception {
        client.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, millis), AlterConfigOp.OpType.SET)))).all().get();
    }
}
