package io.extauth.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Provisioned;
import io.extauth.messaging.outbox.AtCommit;
import io.extauth.messaging.outbox.Outbox;
import io.extauth.messaging.outbox.OutboxCommitTransactionManager;
import io.extauth.testsupport.RecordedTopics;
import io.extauth.testsupport.RoundTrips;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A transaction that published events commits with the statement that writes them (issue 14): {@code INSERT INTO
 * outbox …; COMMIT}, one round trip instead of two, and still all or nothing — a failed insert or a failed commit
 * leaves neither the change nor its events.
 */
@SpringBootTest(classes = KitTestApplication.class)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(RoundTrips.class)
class OutboxCommitIntegrationTest {

    @RegisterExtension
    static final RecordedTopics provisioned = RecordedTopics.onEmbeddedKafka(Topics.AUTH_PROVISIONED);

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    RoundTrips roundTrips;

    @Test
    void theServicesTransactionManagerIsTheOneWhoseCommitWritesTheEvents() {
        assertThat(transactionManager).isInstanceOf(OutboxCommitTransactionManager.class);
    }

    @Test
    void aTransactionWithEventsCommitsWithTheStatementThatWritesThem() {
        String userId = "user-" + UUID.randomUUID();
        roundTrips.reset();

        transactions.executeWithoutResult(status -> change(userId, "o-1", true));

        assertThat(sqlOfThisThread()).as("round trips of the transaction").hasSize(2)
                .satisfies(sql -> assertThat(sql.get(0)).startsWith("INSERT INTO handled"))
                .satisfies(sql -> assertThat(sql.get(1)).startsWith("INSERT INTO outbox").endsWith("; COMMIT"));
        assertThat(handled("o-1", userId)).isEqualTo(1);
        provisioned.recorder().awaitRecord(Provisioned.class, p -> userId.equals(p.userId()));
    }

    @Test
    void severalEventsAreWrittenByTheOneStatementThatCommits() {
        String userId = "user-" + UUID.randomUUID();
        roundTrips.reset();

        transactions.executeWithoutResult(status -> List.of("o-1", "o-2", "o-3").forEach(orderId -> outbox.publish(
                new Provisioned("1234", userId, orderId, AuthType.PHONEFACTOR, "ref", Instant.now()))));

        assertThat(sqlOfThisThread()).singleElement().asString().contains("unnest").endsWith("; COMMIT");
        await().atMost(Duration.ofSeconds(30)).until(() -> published(userId).size() == 3);
        assertThat(published(userId)).extracting(Provisioned::orderId).containsExactly("o-1", "o-2", "o-3");
    }

    @Test
    void aTransactionWithoutEventsCommitsAsBefore() {
        String userId = "user-" + UUID.randomUUID();
        roundTrips.reset();

        transactions.executeWithoutResult(status -> change(userId, "o-quiet", false));

        assertThat(sqlOfThisThread()).hasSize(2).last().isEqualTo("COMMIT");
        assertThat(handled("o-quiet", userId)).isEqualTo(1);
    }

    @Test
    void anOutboxWriteThatFailsLeavesNeitherTheChangeNorTheEvent() {
        String userId = "refused-" + UUID.randomUUID();
        jdbc.execute("ALTER TABLE outbox ADD CONSTRAINT test_refuses CHECK (event_key NOT LIKE 'refused-%') NOT VALID");
        try {
            assertThatThrownBy(() -> transactions.executeWithoutResult(status -> change(userId, "o-refused", true)))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("test_refuses");
        } finally {
            jdbc.execute("ALTER TABLE outbox DROP CONSTRAINT test_refuses");
        }

        assertThat(handled("o-refused", userId)).as("the change, rolled back").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox WHERE event_key = ?", Integer.class, userId))
                .isZero();
        // the connection went back to the pool usable: the next transaction of every connection commits
        for (int i = 0; i < 12; i++) {
            String next = "user-" + UUID.randomUUID();
            transactions.executeWithoutResult(status -> change(next, "o-after", true));
            assertThat(handled("o-after", next)).isEqualTo(1);
        }
        assertThat(published(userId)).isEmpty();
    }

    @Test
    void aCommitThatFailsCommitsNeitherTheChangeNorTheEvent() {
        String userId = "user-" + UUID.randomUUID();
        // checked when the transaction commits, that is in the statement that also writes the outbox's row
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION test_doomed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.order_id LIKE 'doomed-%' THEN RAISE EXCEPTION 'test_doomed: % may not commit', NEW.order_id;
                  END IF;
                  RETURN NULL;
                END $$""");
        jdbc.execute("CREATE CONSTRAINT TRIGGER test_doomed AFTER INSERT ON handled DEFERRABLE INITIALLY DEFERRED "
                + "FOR EACH ROW EXECUTE FUNCTION test_doomed()");
        try {
            roundTrips.reset();
            assertThatThrownBy(() -> transactions.executeWithoutResult(status -> change(userId, "doomed-1", true)))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("test_doomed");
            assertThat(sqlOfThisThread()).as("the insert that commits ran, and nothing after it reached the database")
                    .hasSize(2).last().asString().endsWith("; COMMIT");
        } finally {
            jdbc.execute("DROP TRIGGER test_doomed ON handled");
        }

        assertThat(handled("doomed-1", userId)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox WHERE event_key = ?", Integer.class, userId))
                .isZero();
        String next = "user-" + UUID.randomUUID();
        transactions.executeWithoutResult(status -> change(next, "o-after-doom", true));
        provisioned.recorder().awaitRecord(Provisioned.class, p -> next.equals(p.userId()));
        assertThat(published(userId)).isEmpty();
    }

    @Test
    void anInnerTransactionCommitsItsOwnEventsAndTheOuterOneItsOwn() {
        String userId = "user-" + UUID.randomUUID();
        TransactionTemplate inner = new TransactionTemplate(transactionManager);
        inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        roundTrips.reset();

        transactions.executeWithoutResult(status -> {
            change(userId, "o-outer", true);
            inner.executeWithoutResult(innerStatus -> change(userId, "o-inner", true));
        });

        assertThat(sqlOfThisThread()).as("round trips").hasSize(4).filteredOn(sql -> sql.endsWith("; COMMIT"))
                .hasSize(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> published(userId).size() == 2);
        assertThat(published(userId)).extracting(Provisioned::orderId).containsExactly("o-inner", "o-outer");
    }

    @Test
    void underAnotherTransactionManagerTheEventsAreWrittenJustBeforeTheCommit() {
        String userId = "user-" + UUID.randomUUID();
        TransactionTemplate plain = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        roundTrips.reset();

        plain.executeWithoutResult(status -> change(userId, "o-plain", true));

        List<String> sql = sqlOfThisThread();
        assertThat(sql).hasSize(3).last().isEqualTo("COMMIT");
        assertThat(sql.get(1)).startsWith("INSERT INTO outbox").doesNotContain("COMMIT");
        provisioned.recorder().awaitRecord(Provisioned.class, p -> userId.equals(p.userId()));
    }

    @Test
    void writesLeftForTheCommitGoWithTheOutboxsRowsAndTheCommitInOneRoundTrip() {
        String userId = "user-" + UUID.randomUUID();
        roundTrips.reset();

        transactions.executeWithoutResult(status -> {
            AtCommit.update(jdbc, "INSERT INTO handled (event_id, order_id) VALUES (?, ?)", userId + "/o-1", "o-1");
            // a statement that answers with rows may be left for the commit too: its rows are not read
            AtCommit.update(jdbc, """
                    WITH written AS (INSERT INTO handled (event_id, order_id) VALUES (?, coalesce(?, 'was-null'))
                                     RETURNING 1)
                    SELECT count(*) FROM written""", userId + "/o-2", null);
            outbox.publish(new Provisioned("1234", userId, "o-1", AuthType.PHONEFACTOR, "ref", Instant.now()));
        });

        assertThat(sqlOfThisThread()).as("round trips of the transaction").singleElement().asString()
                .startsWith("INSERT INTO handled").contains("; WITH written AS").contains("; INSERT INTO outbox")
                .endsWith("; COMMIT");
        assertThat(handled("o-1", userId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM handled WHERE event_id = ? AND order_id = 'was-null'",
                Integer.class, userId + "/o-2")).as("a null argument, bound as NULL").isEqualTo(1);
        provisioned.recorder().awaitRecord(Provisioned.class, p -> userId.equals(p.userId()));
    }

    @Test
    void aWriteLeftForTheCommitRunsAfterTheTransactionsOwnStatementsSoTheyDoNotSeeIt() {
        String userId = "user-" + UUID.randomUUID();

        Integer seenInside = transactions.execute(status -> {
            AtCommit.update(jdbc, "INSERT INTO handled (event_id, order_id) VALUES (?, ?)", userId + "/o-1", "o-1");
            return handled("o-1", userId);
        });

        assertThat(seenInside).as("read inside the transaction, before its commit").isZero();
        assertThat(handled("o-1", userId)).as("after the commit").isEqualTo(1);
    }

    @Test
    void aWriteLeftForTheCommitThatFailsRollsBackTheWholeTransactionAndItsEvents() {
        String userId = "user-" + UUID.randomUUID();
        jdbc.update("INSERT INTO handled (event_id, order_id) VALUES (?, ?)", userId + "/taken", "taken");
        roundTrips.reset();

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            change(userId, "o-before", true);
            // the same key again: refused by the primary key when the transaction commits, not here
            AtCommit.update(jdbc, "INSERT INTO handled (event_id, order_id) VALUES (?, ?)", userId + "/taken",
                    "again");
        })).isInstanceOf(DataAccessException.class).hasMessageContaining("handled");

        // in the order they were made: the event came first here; the failed statement left the transaction open
        assertThat(sqlOfThisThread()).as("the change; the outbox's row, the write and COMMIT in one; the rollback")
                .hasSize(3).satisfies(sql -> assertThat(sql.get(1)).startsWith("INSERT INTO outbox")
                        .contains("; INSERT INTO handled").endsWith("; COMMIT"))
                .last().isEqualTo("ROLLBACK");
        assertThat(handled("o-before", userId)).as("the change before it, rolled back").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox WHERE event_key = ?", Integer.class, userId))
                .isZero();
        // the connection went back to the pool usable: the next transaction of every connection commits
        for (int i = 0; i < 12; i++) {
            String next = "user-" + UUID.randomUUID();
            transactions.executeWithoutResult(status -> AtCommit.update(jdbc,
                    "INSERT INTO handled (event_id, order_id) VALUES (?, ?)", next + "/o-after", "o-after"));
            assertThat(handled("o-after", next)).isEqualTo(1);
        }
        assertThat(published(userId)).isEmpty();
    }

    @Test
    void aWriteMadeOnceTheCommitWasSentRunsAtOnceInsteadOfWaitingForACommitThatWillNotCome() {
        String userId = "user-" + UUID.randomUUID();

        transactions.executeWithoutResult(status -> {
            change(userId, "o-1", false);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    AtCommit.update(jdbc, "INSERT INTO handled (event_id, order_id) VALUES (?, ?)",
                            userId + "/o-after-commit", "o-after-commit");
                }
            });
        });

        assertThat(handled("o-1", userId)).isEqualTo(1);
        assertThat(handled("o-after-commit", userId)).as("written, not left for a commit already sent").isEqualTo(1);
    }

    @Test
    void underAnotherTransactionManagerOrNoneAWriteRunsAtOnce() {
        String userId = "user-" + UUID.randomUUID();
        TransactionTemplate plain = new TransactionTemplate(new DataSourceTransactionManager(dataSource));

        Integer seenInside = plain.execute(status -> {
            AtCommit.update(jdbc, "INSERT INTO handled (event_id, order_id) VALUES (?, ?)", userId + "/o-1", "o-1");
            return handled("o-1", userId);
        });
        AtCommit.update(jdbc, "INSERT INTO handled (event_id, order_id) VALUES (?, ?)", userId + "/o-2", "o-2");

        assertThat(seenInside).as("run at once, so the transaction's next read sees it").isEqualTo(1);
        assertThat(handled("o-2", userId)).as("outside a transaction").isEqualTo(1);
    }

    private void change(String userId, String orderId, boolean withEvent) {
        jdbc.update("INSERT INTO handled (event_id, order_id) VALUES (?, ?)", userId + "/" + orderId, orderId);
        if (withEvent) {
            outbox.publish(new Provisioned("1234", userId, orderId, AuthType.PHONEFACTOR, "ref", Instant.now()));
        }
    }

    private int handled(String orderId, String userId) {
        return jdbc.queryForObject("SELECT count(*) FROM handled WHERE event_id = ?", Integer.class,
                userId + "/" + orderId);
    }

    private List<String> sqlOfThisThread() {
        String thread = Thread.currentThread().getName();
        return roundTrips.of(thread::equals).stream().map(trip -> trip.sql().replaceAll("\\s+", " ").strip())
                .toList();
    }

    private static List<Provisioned> published(String userId) {
        return provisioned.recorder().events(Topics.AUTH_PROVISIONED, event -> userId.equals(event.key())).stream()
                .map(event -> event.as(Provisioned.class)).toList();
    }
}
