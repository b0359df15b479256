package io.extauth.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.AuthType;
import io.extauth.contract.events.Provisioned;
import io.extauth.messaging.KitTestApplication;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay asks for the round's lock and reads the outbox's first page in one round trip, as two statements: the
 * scan's snapshot is taken after the lock is held, and a relay that did not get the lock reads no row at all (the
 * scan's condition on the lock is a one-time filter), so a second instance's relay costs the outbox nothing.
 */
@SpringBootTest(classes = KitTestApplication.class, properties = "extauth.messaging.relay-poll-interval=1d")
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class OutboxRelayScanWithoutTheLockIntegrationTest {

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;

    @Test
    void withoutTheRoundsLockTheScanIsNeverExecutedAndWithItTheScanReadsTheOutbox() throws Exception {
        String[] statements = OutboxRelay.TRY_ROUND_LOCK_THEN_SCAN.split(";\n");
        assertThat(statements).hasSize(2);
        // the scan's parameters as literals: the plan of this one statement, executed
        String explainScan = "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "
                + statements[1].replaceFirst("\\?", "0").replaceFirst("\\?", "100");
        transactions.executeWithoutResult(status -> outbox.publish(new Provisioned("1234",
                "user-" + UUID.randomUUID(), "o-1", AuthType.PHONEFACTOR, "ref", Instant.now())));

        List<String> withoutTheLock;
        try (Connection otherRelay = dataSource.getConnection()) {
            otherRelay.setAutoCommit(false);
            try (Statement lock = otherRelay.createStatement()) {
                lock.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.outbox'))");
            }
            withoutTheLock = transactions.execute(status -> {
                assertThat(jdbc.queryForObject(statements[0], String.class)).as("the lock got").isEqualTo("false");
                return jdbc.queryForList(explainScan, String.class);
            });
            otherRelay.rollback();
        }
        List<String> withTheLock = transactions.execute(status -> {
            assertThat(jdbc.queryForObject(statements[0], String.class)).as("the lock got").isEqualTo("true");
            return jdbc.queryForList(explainScan, String.class);
        });

        assertThat(String.join("\n", withoutTheLock)).contains("One-Time Filter")
                .containsPattern("Scan .*on outbox.*never executed");
        assertThat(String.join("\n", withTheLock)).contains("One-Time Filter")
                .containsPattern("Scan .*on outbox").doesNotContain("never executed");
    }
}
