package io.extauth.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.Topics;
import io.extauth.messaging.inbox.Inbox;
import io.extauth.messaging.inbox.InboxHorizon;
import io.extauth.messaging.inbox.InboxPruner;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
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
 * the kit's topics and dead-letter topics on a real broker (Kafka's defaults: 7 days' retention, 7 days' segments,
 * timestamps up to an hour ahead) and a real PostgreSQL. No test context prunes on a timer of its own (test-support's
 * {@code TestDefaults}), so the prunes here are the only ones.
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

    private Instant now;
    private String consumer;

    @BeforeEach
    void aConsumerOfItsOwn() {
        now = inbox.databaseNow().truncatedTo(ChronoUnit.MICROS);
        consumer = "prune-" + UUID.randomUUID();
        // rows of other tests are all recent; none of them is old enough to go
        jdbc.update("DELETE FROM inbox WHERE handled_at < ?", Timestamp.from(now.minus(Duration.ofHours(1))));
    }

    @Test
    void rowsPastWhatTheTopicsAndTheirDeadLettersKeepGoNewerOnesStayAndStillAbsorbTheirEvents() {
        handled("old", now.minus(Duration.ofDays(45)));
        handled("almost", now.minus(Duration.ofDays(42)));
        handled("recent", now.minus(Duration.ofHours(1)));

        InboxPruner.Pruned pruned = pruner.pruneNow();

        // a record on a topic: 7 days' retention + a 7-day segment + an hour ahead; read that late by another service
        // and dead-lettered, kept as long on the dead-letter topic, replayed at its end and kept as long again; a day
        Instant horizon = now.minus(Duration.ofDays(43).plusHours(3));
        assertThat(pruned.before()).isBetween(horizon.minusSeconds(60), horizon.plusSeconds(60));
        assertThat(pruned.rows()).isEqualTo(1);
        assertThat(pruned.why()).contains("dead-letter topic").contains("retention.ms + segment.ms");
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
            alter(client, activated, new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "-1"),
                    AlterConfigOp.OpType.SET));
            try {
                await("the broker applies it").atMost(Duration.ofSeconds(10)).until(() -> retentionOfActivated() == -1);

                InboxPruner.Pruned pruned = pruner.pruneNow();

                assertThat(pruned.rows()).isZero();
                assertThat(pruned.before()).isNull();
                assertThat(pruned.why()).contains(Topics.AUTH_ACTIVATED).contains("for ever");
                assertThat(ids()).containsExactly("old");
            } finally {
                alter(client, activated, new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, ""),
                        AlterConfigOp.OpType.DELETE));
                await("the broker's default again").atMost(Duration.ofSeconds(10))
                        .until(() -> retentionOfActivated() == Duration.ofDays(7).toMillis());
            }
        }
    }

    @Test
    void aTopicThatStampsTheAppendTimeTakesNoTimestampAhead() throws Exception {
        ConfigResource ordered = new ConfigResource(ConfigResource.Type.TOPIC, Topics.AUTH_ORDERED);
        assertThat(keepingOf(Topics.AUTH_ORDERED).aheadMs()).as("Kafka 4's default").isEqualTo(3_600_000L);
        try (Admin client = Admin.create(admin.getConfigurationProperties())) {
            alter(client, ordered, new AlterConfigOp(new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
                    "LogAppendTime"), AlterConfigOp.OpType.SET));
            try {
                await("the broker applies it").atMost(Duration.ofSeconds(10))
                        .until(() -> keepingOf(Topics.AUTH_ORDERED).aheadMs() == 0);
            } finally {
                alter(client, ordered, new AlterConfigOp(new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
                        ""), AlterConfigOp.OpType.DELETE));
                await("the broker's default again").atMost(Duration.ofSeconds(10))
                        .until(() -> keepingOf(Topics.AUTH_ORDERED).aheadMs() == 3_600_000L);
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
        InboxPruner operators = new InboxPruner(inbox, transactions, () -> {
            throw new AssertionError("the topics are not asked when the retention is set");
        }, Duration.ofDays(2), Duration.ZERO);

        InboxPruner.Pruned pruned = operators.pruneNow();

        assertThat(pruned.rows()).isEqualTo(InboxPruner.BATCH + 50);
        assertThat(pruned.why()).contains("extauth.messaging.inbox.retention");
        assertThat(ids()).containsExactly("recent");
    }

    @Test
    void whileAnotherInstancePrunesThisOneDeletesNothing() throws Exception {
        handled("old", now.minus(Duration.ofDays(45)));
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
        InboxPruner blind = new InboxPruner(inbox, transactions, () -> {
            throw new org.apache.kafka.common.errors.TimeoutException("no broker");
        }, null, Duration.ZERO);

        InboxPruner.Pruned pruned = blind.pruneNow();

        assertThat(pruned.rows()).isZero();
        assertThat(pruned.why()).contains("could not read").contains("no broker");
        assertThat(ids()).containsExactly("old");
    }

    @Test
    void aPrunerPrunesOnItsOwnTimerUntilStoppedAndRefusesANonsenseRetention() {
        assertThat(pruner.isRunning()).as("the tests' pruner, with prune-interval 0").isFalse();
        handled("old", now.minus(Duration.ofDays(3)));
        InboxPruner timed = new InboxPruner(inbox, transactions, List::of, Duration.ofDays(2),
                Duration.ofMillis(100));
        timed.start();
        try {
            assertThat(timed.isRunning()).isTrue();
            await("a round on its timer").atMost(Duration.ofSeconds(10)).until(() -> ids().isEmpty());
        } finally {
            timed.stop();
        }
        assertThat(timed.isRunning()).isFalse();
        assertThatThrownBy(() -> new InboxPruner(inbox, transactions, List::of, Duration.ZERO,
                Duration.ofHours(1))).hasMessageContaining("extauth.messaging.inbox.retention must be positive");
        assertThatThrownBy(() -> new InboxPruner(inbox, transactions, List::of, null,
                Duration.ofHours(-1))).hasMessageContaining("prune-interval must not be negative");
    }

    private void handled(String eventId, Instant at) {
        jdbc.update("INSERT INTO inbox (consumer, event_id, event_type, handled_at) VALUES (?, ?, 'test', ?)",
                consumer, eventId, Timestamp.from(at));
    }

    private List<String> ids() {
        return jdbc.queryForList("SELECT event_id FROM inbox WHERE consumer = ?", String.class, consumer);
    }

    private long retentionOfActivated() throws Exception {
        return keepingOf(Topics.AUTH_ACTIVATED).retentionMs();
    }

    private InboxHorizon.TopicKeeping keepingOf(String topic) throws Exception {
        return InboxPruner.topicsOnCluster(admin.getConfigurationProperties(), Duration.ofSeconds(5)).stream()
                .filter(keeping -> keeping.topic().equals(topic)).findFirst().orElseThrow();
    }

    private static void alter(Admin client, ConfigResource topic, AlterConfigOp op) throws Exception {
        client.incrementalAlterConfigs(Map.of(topic, List.of(op))).all().get();
    }
}
