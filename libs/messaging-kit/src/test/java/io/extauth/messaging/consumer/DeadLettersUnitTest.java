package io.extauth.messaging.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchRuntimeException;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.messaging.MessagingProperties;
import io.extauth.messaging.inbox.Inbox;
import io.extauth.messaging.tracing.EventTracing;
import io.extauth.testclock.MutableClock;
import io.extauth.testsupport.NoTransactions;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The listeners' error handler as spring-kafka drives it, one failure of a record at a time ({@code handleOne}, with
 * no container: the back-off is a plain sleep of a few milliseconds): how many failures a record gets before its dead
 * letter, by what it failed of.
 */
class DeadLettersUnitTest {

    private static final MessagingProperties.Retry THREE_ATTEMPTS = new MessagingProperties.Retry(
            Duration.ofMillis(1), 2.0, Duration.ofMillis(4), 3, Duration.ofMinutes(15));
    private static final ConsumerRecord<String, byte[]> RECORD = new ConsumerRecord<>("auth.ordered", 2, 17, 0L,
            TimestampType.CREATE_TIME, 6, 2, "user-1", "{}".getBytes(StandardCharsets.UTF_8), new RecordHeaders(),
            Optional.empty());
    private static final ConsumerRecords<String, byte[]> BATCH = new ConsumerRecords<>(Map.of(
            new TopicPartition("auth.ordered", 2), List.of(
                    new ConsumerRecord<>("auth.ordered", 2, 17, "user-1", "{}".getBytes(StandardCharsets.UTF_8)),
                    new ConsumerRecord<>("auth.ordered", 2, 18, "user-2", "{}".getBytes(StandardCharsets.UTF_8)))),
            Map.of());
    private static final ConsumerRecord<String, byte[]> ORDERED = ContractSamples.recordOf(
            ContractSamples.ALL.stream().filter(AuthOrdered.class::isInstance).findFirst().orElseThrow(), "e-1");

    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer()) {
        @Override
        public void close(Duration timeout) {
            // the template closes its producer after each send: a factory's producer is shared, its close a no-op
        }
    };
    private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    /** What the database answers when asked whether it takes writes: read only unless a test says otherwise. */
    private volatile boolean databaseTakesWrites;
    private final DatabaseProbe database = new DatabaseProbe(() -> databaseTakesWrites, Duration.ofSeconds(5),
            Duration.ZERO, System::nanoTime);
    /** What a record's wait for the database is measured by; moved by the tests. */
    private final MutableClock clock = MutableClock.stoppedAt(Instant.parse("2026-03-01T08:00:00Z"));

    @BeforeEach
    void listen() {
        warnings.start();
        ((Logger) LoggerFactory.getLogger(DatabaseWait.class)).addAppender(warnings);
    }

    @AfterEach
    void stopListening() {
        ((Logger) LoggerFactory.getLogger(DatabaseWait.class)).detachAppender(warnings);
    }

    @Test
    void aRecordThatFailsByItselfIsDeadLetteredAtItsLastAttempt() {
        DefaultErrorHandler handler = handler(THREE_ATTEMPTS);

        assertThat(failures(handler, 3, () -> new IllegalStateException("vendor briefly unavailable")))
                .containsExactly(false, false, true);
        assertThat(producer.history()).singleElement()
                .satisfies(dead -> assertThat(dead.topic()).isEqualTo("auth.ordered-dlt"));
    }

    @Test
    void aRecordThatFailsBecauseTheDatabaseIsReadOnlyIsNeverDeadLettered() {
        DefaultErrorHandler handler = handler(THREE_ATTEMPTS);

        assertThat(failures(handler, 50, DeadLettersUnitTest::readOnly)).containsOnly(false);
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void aRecordThatWaitedForTheDatabaseAsLongAsRetryDatabaseWaitIsDeadLetteredSayingSo() {
        DefaultErrorHandler handler = handler(THREE_ATTEMPTS);

        assertThat(failures(handler, 1, DeadLettersUnitTest::crashedInRecovery)).containsExactly(false);
        clock.advance(Duration.ofMinutes(15).minusMillis(1));
        assertThat(failures(handler, 20, DeadLettersUnitTest::crashedInRecovery)).as("still within the wait")
                .containsOnly(false);
        clock.advance(Duration.ofMillis(1));
        assertThat(failures(handler, 1, DeadLettersUnitTest::crashedInRecovery)).containsExactly(true);

        assertThat(producer.history()).singleElement()
                .satisfies(dead -> assertThat(new String(dead.headers().lastHeader(DeadLetters.REASON_HEADER).value(),
                        StandardCharsets.UTF_8)).isEqualTo("waited 15m for the database (retry.database-wait) and "
                        + "was given up; replay it once the database is back: SQLException: FATAL: the database "
                        + "system is in recovery mode"));
        assertThat(warnings.list).last().extracting(ILoggingEvent::getFormattedMessage).asString()
                .startsWith("auth.ordered-2@17 waited 15m for the database, failed 22 time(s); given up");
    }

    @Test
    void aRecordTakenAloneWhoseOwnTempFilesFillTheDiskIsDeadLetteredOnceItHasWaited() {
        DefaultErrorHandler handler = handler(THREE_ATTEMPTS);
        Supplier<RuntimeException> diskFull = () -> new DataAccessResourceFailureException("disk full",
                new SQLException("ERROR: could not write to file \"base/pgsql_tmp/pgsql_tmp1.0\": No space left on "
                        + "device", "53100"));

        assertThat(failuresAlone(handler, 10, diskFull)).containsOnly(false);
        clock.advance(Duration.ofMinutes(15));
        assertThat(failuresAlone(handler, 1, diskFull)).containsExactly(true);
        assertThat(producer.history()).singleElement()
                .satisfies(dead -> assertThat(new String(dead.headers().lastHeader(DeadLetters.REASON_HEADER).value(),
                        StandardCharsets.UTF_8)).startsWith("waited 15m for the database").endsWith("No space left "
                        + "on device"));
    }

    @Test
    void aWaitForTheDatabaseThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new MessagingProperties.Retry(Duration.ofMillis(500), 2.0, Duration.ofSeconds(10), 8,
                Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("extauth.messaging.retry.database-wait must be positive");
        assertThatThrownBy(() -> new MessagingProperties.Retry(Duration.ofMillis(500), 2.0, Duration.ofSeconds(10), 8,
                Duration.ofMinutes(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void evenWithASingleAttemptARecordWaitsForTheDatabase() {
        DefaultErrorHandler handler = handler(new MessagingProperties.Retry(Duration.ofMillis(1), 2.0,
                Duration.ofMillis(4), 1, Duration.ofMinutes(15)));

        assertThat(failures(handler, 20, DeadLettersUnitTest::readOnly)).containsOnly(false);
        assertThat(failures(handler, 1, () -> new IllegalStateException("a bug"))).containsExactly(true);
    }

    @Test
    void aRecordOfABatchThatWaitedForTheDatabaseAndThenFailsByItselfGetsItsBoundedRetries() {
        DefaultErrorHandler handler = handler(THREE_ATTEMPTS);

        assertThat(failures(handler, 20, () -> new WaitingForDatabase("record 0 of the batch failed",
                readOnly(), 0))).containsOnly(false);
        assertThat(failures(handler, 3, () -> new RecordFailed("event e-1 failed",
                new IllegalStateException("vendor briefly unavailable"), 0))).containsExactly(false, false, true);
        assertThat(producer.history()).hasSize(1);
    }

    @Test
    void aRecordOfABatchThatFailedByItselfAndThenMeetsAnOutageWaitsForTheDatabase() {
        DefaultErrorHandler handler = handler(THREE_ATTEMPTS);

        assertThat(failures(handler, 2, () -> new RecordFailed("event e-1 failed",
                new IllegalStateException("vendor briefly unavailable"), 0))).containsOnly(false);
        assertThat(failures(handler, 20, () -> new WaitingForDatabase("record 0 of the batch failed",
                readOnly(), 0))).containsOnly(false);
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void aRecordTakenAloneThatWaitedForAReadOnlyDatabaseAndThenFailsByItselfGetsItsBoundedRetries() {
        DefaultErrorHandler handler = handler(THREE_ATTEMPTS);

        // a read-only database and a bug's RAISE are both Spring's UncategorizedSQLException
        assertThat(failuresAlone(handler, 20, DeadLettersUnitTest::readOnly)).containsOnly(false);
        assertThat(failuresAlone(handler, 3, () -> new UncategorizedSQLException("PreparedStatementCallback",
                "SELECT apply_order(?)", new SQLException("ERROR: order o-1 has no account", "P0001"))))
                .containsExactly(false, false, true);
        assertThat(producer.history()).singleElement()
                .satisfies(dead -> assertThat(new String(dead.headers().lastHeader(DeadLetters.REASON_HEADER).value(),
                        StandardCharsets.UTF_8)).isEqualTo("SQLException: ERROR: order o-1 has no account"));
    }

    @Test
    void aRecordTakenAloneThatFailedByItselfAndThenMeetsAFullDiskWaitsForTheDatabase() {
        DefaultErrorHandler handler = handler(THREE_ATTEMPTS);

        // a statement too complex and a full disk are both Spring's DataAccessResourceFailureException
        assertThat(failuresAlone(handler, 2, () -> new DataAccessResourceFailureException("stack depth",
                new SQLException("ERROR: stack depth limit exceeded", "54001")))).containsOnly(false);
        assertThat(failuresAlone(handler, 20, () -> new DataAccessResourceFailureException("disk full",
                new SQLException("ERROR: could not extend file: No space left on device", "53100"))))
                .containsOnly(false);
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void aRecordWhoseOwnStatementLostItsConnectionIsDeadLetteredAfterItsRetriesWhenTheDatabaseTakesWrites() {
        DefaultErrorHandler handler = handler(THREE_ATTEMPTS);
        databaseTakesWrites = true;

        assertThat(failuresAlone(handler, 3, DeadLettersUnitTest::terminatedByAnOperator))
                .containsExactly(false, false, true);
        assertThat(producer.history()).singleElement()
                .satisfies(dead -> assertThat(new String(dead.headers().lastHeader(DeadLetters.REASON_HEADER).value(),
                        StandardCharsets.UTF_8)).isEqualTo("SQLException: FATAL: terminating connection due to "
                        + "administrator command"));
    }

    @Test
    void aRecordWhoseConnectionIsLostWhileTheDatabaseDoesNotAnswerWaits() {
        DefaultErrorHandler handler = handler(THREE_ATTEMPTS);

        assertThat(failuresAlone(handler, 20, DeadLettersUnitTest::terminatedByAnOperator)).containsOnly(false);
        assertThat(producer.history()).isEmpty();
    }

    /**
     * A batch whose failure names no record (thrown before {@link BatchedInbound} is reached: a record's conversion
     * into a message) goes to spring-kafka's fallback handler, which retries it whole. It asks the same back-off
     * function, so the handler's own back-off, without end, is not used: retried to the last attempt, then each
     * record dead-lettered.
     */
    @Test
    void aBatchThatFailsWithoutNamingARecordIsRetriedWholeToTheLastAttemptThenEachRecordDeadLettered() {
        DefaultErrorHandler handler = handler(THREE_ATTEMPTS);
        AtomicInteger runs = new AtomicInteger();

        handler.handleBatch(failedBatch(new IllegalStateException("a bug outside any record")), BATCH,
                mock(Consumer.class), running(), () -> {
                    // give up failing after twenty runs, so that a back-off without end ends the test too
                    if (runs.incrementAndGet() < 20) {
                        throw failedBatch(new IllegalStateException("a bug outside any record"));
                    }
                });

        assertThat(runs).as("the two retries after the first attempt").hasValue(2);
        assertThat(producer.history()).extracting(dead -> dead.topic() + "@" + dead.key())
                .containsExactly("auth.ordered-dlt@user-1", "auth.ordered-dlt@user-2");
    }

    @Test
    void aBatchThatFailsWithoutNamingARecordForWantOfTheDatabaseIsRetriedWholeUntilItIsBack() {
        DefaultErrorHandler handler = handler(THREE_ATTEMPTS);
        AtomicInteger runs = new AtomicInteger();

        handler.handleBatch(failedBatch(readOnly()), BATCH, mock(Consumer.class), running(), () -> {
            if (runs.incrementAndGet() < 20) {
                throw failedBatch(readOnly());
            }
        });

        assertThat(runs).as("retried until the database takes writes again").hasValue(20);
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void aWaitIsSaidAtTheFirstFailureAndEveryTenthNotAtEach() {
        DefaultErrorHandler handler = handler(THREE_ATTEMPTS);

        failures(handler, 25, DeadLettersUnitTest::readOnly);

        assertThat(warnings.list).extracting(ILoggingEvent::getLevel).containsOnly(Level.WARN);
        assertThat(warnings.list).extracting(ILoggingEvent::getFormattedMessage).hasSize(3)
                .allSatisfy(message -> assertThat(message).startsWith("auth.ordered-2@17 waits for the database")
                        .contains("not dead-lettered").endsWith("read-only transaction"))
                .anySatisfy(message -> assertThat(message).contains("failed 1 time(s)"))
                .anySatisfy(message -> assertThat(message).contains("failed 20 time(s)"));
    }

    @Test
    void noWaitIsLongerThanHalfTheConsumersMaxPollInterval() {
        MessagingProperties.Retry tenMinutes = new MessagingProperties.Retry(Duration.ofMillis(500), 2.0,
                Duration.ofMinutes(10), 8, Duration.ofMinutes(15));

        assertThat(DeadLetters.longestWait(tenMinutes, Duration.ofMinutes(5))).isEqualTo(150_000);
        assertThat(DeadLetters.longestWait(new MessagingProperties.Retry(Duration.ofMillis(500), 2.0,
                Duration.ofSeconds(10), 8, Duration.ofMinutes(15)), Duration.ofMinutes(5))).isEqualTo(10_000);
    }

    private DefaultErrorHandler handler(MessagingProperties.Retry retry) {
        return DeadLetters.errorHandler(new KafkaTemplate<>(() -> producer), retry, Duration.ofMinutes(5), database, clock);
    }

    /** Whether the record was recovered (dead-lettered) after each of {@code times} failures. */
    private static List<Boolean> failures(DefaultErrorHandler handler, int times,
            Supplier<Exception> failure) {
        List<Boolean> recovered = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            recovered.add(handler.handleOne(failure.get(), RECORD, null, null));
        }
        return recovered;
    }

    /**
     * As {@link #failures}, but each failure is what a record taken alone ({@code batch-consume=false}) throws when
     * its transaction fails with it, wrapped by the listener container as spring-kafka does.
     */
    private List<Boolean> failuresAlone(DefaultErrorHandler handler, int times, Supplier<RuntimeException> failure) {
        InboundEvents inbound = new InboundEvents(new Inbox(new JdbcTemplate(), Clock.systemUTC()) {
            @Override
            public boolean firstDelivery(String consumer, String eventId, String eventType, byte @Nullable [] digest) {
                return true;
            }
        }, new TransactionTemplate(new NoTransactions()), "test", EventTracing.NONE, database);
        EventHandlers handlers = EventHandlers.create().on(AuthOrdered.class, (order, envelope) -> {
            throw failure.get();
        });
        List<Boolean> recovered = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            RuntimeException thrown = catchRuntimeException(() -> inbound.process(ORDERED, handlers));
            recovered.add(handler.handleOne(new ListenerExecutionFailedException("Listener failed", thrown), ORDERED,
                    null, null));
        }
        return recovered;
    }

    private static DataAccessResourceFailureException terminatedByAnOperator() {
        return new DataAccessResourceFailureException("PreparedStatementCallback", new SQLException(
                "FATAL: terminating connection due to administrator command", "57P01"));
    }

    /** The failure of a record whose own statement crashed the server, asked while it recovers from the crash. */
    private static DataAccessResourceFailureException crashedInRecovery() {
        return new DataAccessResourceFailureException("PreparedStatementCallback", new SQLException(
                "FATAL: the database system is in recovery mode", "57P03"));
    }

    private static ListenerExecutionFailedException failedBatch(RuntimeException cause) {
        return new ListenerExecutionFailedException("Listener failed", cause);
    }

    private static MessageListenerContainer running() {
        MessageListenerContainer container = mock(MessageListenerContainer.class);
        when(container.isRunning()).thenReturn(true);
        when(container.getContainerProperties()).thenReturn(new ContainerProperties("auth.ordered"));
        return container;
    }

    private static UncategorizedSQLException readOnly() {
        return new UncategorizedSQLException("PreparedStatementCallback", "INSERT INTO inbox …",
                new SQLException("ERROR: cannot execute INSERT in a read-only transaction", "25006"));
    }
}
