package io.extauth.messaging;

import static io.extauth.testsupport.RecordedEvents.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Provisioned;
import io.extauth.messaging.consumer.DatabaseProbe;
import io.extauth.messaging.consumer.DeadLetters;
import io.extauth.testsupport.EmbeddedPostgresDefault;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TopicRecorder;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The database refuses every write for far longer than a record's retries (3 attempts, 100 ms apart), as after a
 * failover that left the service on a standby, or refuses connections: the records wait, nothing is dead-lettered,
 * and once the database is back each is applied once, in each user's order. A record that fails by itself is still
 * dead-lettered after its retries, also when its failure is one an outage raises too (its own session ended) but the
 * database, asked, answers and takes writes. The service's own database on the shared embedded server, so that making it read
 * only touches no other test's.
 */
@SpringBootTest(classes = KitTestApplication.class, properties = {
        "extauth.messaging.retry.initial-interval=100ms", "extauth.messaging.retry.max-interval=100ms",
        "extauth.messaging.retry.max-attempts=3",
        // a refused connection fails the attempt after this wait (Hikari's least); a retry's fetch waits no second
        "spring.datasource.hikari.connection-timeout=250", "spring.kafka.consumer.fetch-max-wait=100ms"})
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@DirtiesContext
class DatabaseOutageIntegrationTest {

    private static final String DATABASE = "kit_outage";
    private static final String DEAD_LETTERS = Topics.deadLetterOf(Topics.AUTH_ORDERED);
    private static final Pattern FAILURES = Pattern.compile("waits for the database, failed (\\d+) time");

    private static TopicRecorder topics;
    private static TestEvents billing;
    private static JdbcTemplate admin;

    private final ListAppender<ILoggingEvent> waits = new ListAppender<>();

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    KitTestApplication.ProvisionOnOrder handler;

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        EmbeddedPostgres server = EmbeddedPostgresDefault.shared();
        admin = new JdbcTemplate(server.getPostgresDatabase());
        if (admin.queryForList("SELECT 1 FROM pg_database WHERE datname = ?", DATABASE).isEmpty()) {
            admin.execute("CREATE DATABASE " + DATABASE);
        }
        registry.add("spring.datasource.url", () -> server.getJdbcUrl("postgres", DATABASE));
    }

    @BeforeAll
    static void observe(@Autowired EmbeddedKafkaBroker broker) {
        topics = new TopicRecorder(broker.getBrokersAsString(), List.of(Topics.AUTH_PROVISIONED, DEAD_LETTERS));
        billing = new TestEvents(broker.getBrokersAsString());
    }

    @AfterAll
    static void stop() {
        topics.close();
        billing.close();
    }

    @BeforeEach
    void listenForWaits() {
        waits.start();
        ((Logger) LoggerFactory.getLogger("io.extauth.messaging.consumer.DatabaseWait")).addAppender(waits);
    }

    @AfterEach
    void backToNormal() {
        ((Logger) LoggerFactory.getLogger("io.extauth.messaging.consumer.DatabaseWait")).detachAppender(waits);
        handler.transientFailuresLeft.set(0);
        admin.execute("ALTER DATABASE " + DATABASE + " WITH ALLOW_CONNECTIONS true");
        writable();
        // the next test starts with a pool of live, writable sessions, not with the ones ended here
        ((HikariDataSource) dataSource).getHikariPoolMXBean().softEvictConnections();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> jdbc.queryForObject("SELECT NOT current_setting('transaction_read_only')::boolean",
                        Boolean.class));
    }

    @Test
    void eventsThatMeetAReadOnlyDatabaseLongerThanTheirRetriesAreAppliedOnceInEachUsersOrderWhenItIsBack() {
        String alice = user();
        String bob = user();
        List<AuthOrdered> alices = List.of(order(alice, "a1-"), order(alice, "a2-"), order(alice, "a3-"));
        List<AuthOrdered> bobs = List.of(order(bob, "b1-"), order(bob, "b2-"));

        readOnly();
        for (int i = 0; i < 3; i++) {
            billing.sendBinary(Topics.AUTH_ORDERED, alices.get(i));
            if (i < 2) {
                billing.sendBinary(Topics.AUTH_ORDERED, bobs.get(i));
            }
        }
        awaitTenFailuresWithoutADeadLetter(alice, bob);
        assertThat(applied(alice)).as("nothing applied while the database is read only").isEmpty();
        writable();

        assertThat(awaitApplied(alice, 3)).containsExactlyElementsOf(orderIds(alices));
        assertThat(awaitApplied(bob, 2)).containsExactlyElementsOf(orderIds(bobs));
        assertEachProvisionedOnceAndNoDeadLetter(alices, bobs);
    }

    @Test
    void eventsThatFindNoConnectionLongerThanTheirRetriesAreAppliedOnceInOrderWhenTheDatabaseTakesThemAgain() {
        String carol = user();
        List<AuthOrdered> carols = List.of(order(carol, "c1-"), order(carol, "c2-"), order(carol, "c3-"));

        refuseConnections();
        carols.forEach(order -> billing.sendBinary(Topics.AUTH_ORDERED, order));
        awaitTenFailuresWithoutADeadLetter(carol);
        admin.execute("ALTER DATABASE " + DATABASE + " WITH ALLOW_CONNECTIONS true");

        assertThat(awaitApplied(carol, 3)).containsExactlyElementsOf(orderIds(carols));
        assertEachProvisionedOnceAndNoDeadLetter(carols);
    }

    @Test
    void aRecordThatFailsByItselfIsStillDeadLetteredAfterItsRetriesAndTheNextOfItsUserApplied() {
        String dave = user();
        AuthOrdered flaky = order(dave, "flaky-");
        AuthOrdered next = order(dave, "d2-");
        handler.transientFailuresLeft.set(1_000);

        billing.sendBinary(Topics.AUTH_ORDERED, flaky);
        billing.sendBinary(Topics.AUTH_ORDERED, next);

        RecordedEvent dead = topics.awaitEvent(DEAD_LETTERS, e -> dave.equals(e.key()));
        assertThat(dead.headers().get(DeadLetters.REASON_HEADER))
                .isEqualTo("IllegalStateException: vendor briefly unavailable");
        assertThat(handler.attempts.get(flaky.orderId())).as("three attempts").hasValue(3);
        assertThat(awaitApplied(dave, 1)).containsExactly(next.orderId());
    }

    @Test
    void aRecordThatBreaksAConstraintIsStillDeadLetteredAfterItsRetries() {
        String erin = user();
        AuthOrdered clashing = order(erin, "e1-");
        AuthOrdered next = order(erin, "e2-");
        String eventId = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO handled (event_id, order_id) VALUES (?, 'another order')", eventId);

        billing.sendBinary(Topics.AUTH_ORDERED, clashing, eventId);
        billing.sendBinary(Topics.AUTH_ORDERED, next);

        RecordedEvent dead = topics.awaitEvent(DEAD_LETTERS, e -> erin.equals(e.key()));
        assertThat(dead.headers().get(DeadLetters.REASON_HEADER)).contains("duplicate key value violates unique "
                + "constraint \"handled_pkey\"");
        assertThat(handler.attempts.get(clashing.orderId())).as("three attempts").hasValue(3);
        assertThat(awaitApplied(erin, 1)).containsExactly(next.orderId());
    }

    @Test
    void aRecordThatWaitedForTheDatabaseAndThenFailsByItselfIsDeadLetteredAfterItsRetriesOnceTheDatabaseIsBack() {
        String frank = user();
        AuthOrdered flaky = order(frank, "flaky-");
        AuthOrdered next = order(frank, "f2-");
        handler.transientFailuresLeft.set(1_000);

        readOnly();
        billing.sendBinary(Topics.AUTH_ORDERED, flaky);
        billing.sendBinary(Topics.AUTH_ORDERED, next);
        awaitTenFailuresWithoutADeadLetter(frank);
        writable();

        RecordedEvent dead = topics.awaitEvent(DEAD_LETTERS, e -> frank.equals(e.key()));
        assertThat(dead.headers().get(DeadLetters.REASON_HEADER))
                .isEqualTo("IllegalStateException: vendor briefly unavailable");
        assertThat(awaitApplied(frank, 1)).containsExactly(next.orderId());
    }

    @Test
    void aRecordWhoseOwnStatementLosesItsSessionOnAHealthyDatabaseIsDeadLetteredAfterItsRetriesWithTheReason() {
        String grace = user();
        AuthOrdered runaway = order(grace, "runaway-");
        AuthOrdered next = order(grace, "g2-");

        billing.sendBinary(Topics.AUTH_ORDERED, runaway);
        billing.sendBinary(Topics.AUTH_ORDERED, next);

        RecordedEvent dead = topics.awaitEvent(DEAD_LETTERS, e -> grace.equals(e.key()));
        assertThat(dead.headers().get(DeadLetters.REASON_HEADER))
                .contains("terminating connection due to administrator command");
        assertThat(handler.attempts.get(runaway.orderId())).as("three attempts").hasValue(3);
        assertThat(awaitApplied(grace, 1)).containsExactly(next.orderId());
        assertThat(waits.list).as("never taken for an outage").isEmpty();
    }

    @Test
    void theProbeFindsAReadOnlyDatabaseUnavailableAndAWritableOneAvailable() {
        freshSessions();
        assertThat(DatabaseProbe.of(dataSource).takesWrites()).isTrue();
        readOnly();
        freshSessions();
        assertThat(DatabaseProbe.of(dataSource).takesWrites()).isFalse();
        writable();
        freshSessions();
        assertThat(DatabaseProbe.of(dataSource).takesWrites()).isTrue();
    }

    /**
     * An operator freezes writes for new sessions only; the pool's idle sessions still take writes, but the consumer's
     * next connection, a new one, would not: the probe asks on a new session, not one of the pool's.
     */
    @Test
    void theProbeAsksOnANewSessionSoItFindsADatabaseReadOnlyForNewSessionsUnavailable() {
        freshSessions();
        DatabaseProbe probe = DatabaseProbe.of(dataSource);
        assertThat(probe.takesWrites()).isTrue();

        admin.execute("ALTER DATABASE " + DATABASE + " SET default_transaction_read_only = on");

        assertThat(jdbc.queryForObject("SELECT current_setting('transaction_read_only')", String.class))
                .as("a session of the pool, older than the setting").isEqualTo("off");
        assertThat(probe.takesWrites()).isFalse();
    }

    /** The pool's ended sessions replaced by new ones, so that what the probe finds is the database's state. */
    private void freshSessions() {
        ((HikariDataSource) dataSource).getHikariPoolMXBean().softEvictConnections();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> jdbc.queryForObject("SELECT true", Boolean.class));
    }

    /** Until a record has failed ten times, over three times its retries; failing if a dead letter comes first. */
    private void awaitTenFailuresWithoutADeadLetter(String... users) {
        List<String> keys = List.of(users);
        await().atMost(Duration.ofSeconds(60))
                .failFast("a record was dead-lettered while the database was unavailable",
                        () -> !topics.events(DEAD_LETTERS, e -> keys.contains(e.key())).isEmpty())
                .until(() -> waits.list.stream().map(e -> FAILURES.matcher(e.getFormattedMessage()))
                        .anyMatch(failures -> failures.find() && Integer.parseInt(failures.group(1)) >= 10));
    }

    /** New sessions are read only, as on a standby; the pool's sessions are ended, so it opens new ones. */
    private static void readOnly() {
        admin.execute("ALTER DATABASE " + DATABASE + " SET default_transaction_read_only = on");
        endSessions();
    }

    private static void writable() {
        admin.execute("ALTER DATABASE " + DATABASE + " RESET default_transaction_read_only");
        endSessions();
    }

    private static void refuseConnections() {
        admin.execute("ALTER DATABASE " + DATABASE + " WITH ALLOW_CONNECTIONS false");
        endSessions();
    }

    private static void endSessions() {
        admin.queryForList("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?",
                Boolean.class, DATABASE);
    }

    private void assertEachProvisionedOnceAndNoDeadLetter(List<AuthOrdered> orders, List<AuthOrdered> more) {
        List<AuthOrdered> all = new ArrayList<>(orders);
        all.addAll(more);
        assertEachProvisionedOnceAndNoDeadLetter(all);
    }

    private void assertEachProvisionedOnceAndNoDeadLetter(List<AuthOrdered> orders) {
        for (AuthOrdered order : orders) {
            topics.awaitEvent(Provisioned.class, p -> order.orderId().equals(p.orderId()));
        }
        for (AuthOrdered order : orders) {
            assertThat(assertThatEvents(topics.events()).of(Provisioned.class,
                    p -> order.orderId().equals(p.orderId()))).as(order.orderId()).hasSize(1);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM handled WHERE order_id = ?", Integer.class,
                    order.orderId())).as(order.orderId()).isEqualTo(1);
        }
        List<String> users = orders.stream().map(AuthOrdered::userId).distinct().toList();
        assertThat(topics.events(DEAD_LETTERS, e -> users.contains(e.key()))).isEmpty();
    }

    /** The orders of the user applied so far, in the order their handlers ran. */
    private List<String> applied(String userId) {
        return jdbc.queryForList("SELECT order_id FROM handled WHERE order_id LIKE ? ORDER BY applied", String.class,
                "%" + userId);
    }

    private List<String> awaitApplied(String userId, int count) {
        // the pool may still be opening its connections again: a query that finds none is tried again
        return await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> applied(userId),
                ids -> ids.size() >= count);
    }

    private static List<String> orderIds(List<AuthOrdered> orders) {
        return orders.stream().map(AuthOrdered::orderId).toList();
    }

    private static String user() {
        return "user-" + UUID.randomUUID();
    }

    /** An order whose id names its user, so the user's applied orders can be found in {@code handled}. */
    private static AuthOrdered order(String userId, String prefix) {
        return new AuthOrdered("1234", userId, prefix + UUID.randomUUID() + "-" + userId, AuthType.PHONEFACTOR, null,
                "jane@example.com", null, new BigDecimal("3.00"), OrderChannel.BILLING, Instant.now());
    }
}
