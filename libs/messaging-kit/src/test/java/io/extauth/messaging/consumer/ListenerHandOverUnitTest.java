package io.extauth.messaging.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.extauth.testclock.MutableClock;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * A record's {@link DatabaseWait} with the hand-over: the container whose failure is handled is stopped once the record
 * has waited {@code hand-over-after} and the probe still fails, not before, not when the database answers, never with
 * {@code 0}; a record met again after a hand-over goes on from its wait here, so {@code database-wait} still ends it.
 */
class ListenerHandOverUnitTest {

    private static final ConsumerRecord<String, byte[]> RECORD = new ConsumerRecord<>("auth.ordered", 2, 17, "user-1",
            "{}".getBytes(StandardCharsets.UTF_8));
    private static final Exception UNREACHABLE = new DataAccessResourceFailureException("no connection",
            new SQLException("Connection refused", "08001"));

    private final MutableClock clock = MutableClock.stoppedAt(Instant.parse("2026-03-01T08:00:00Z"));
    private final MessageListenerContainer container = mock(MessageListenerContainer.class);
    private final AtomicInteger givenUp = new AtomicInteger();
    private volatile boolean databaseTakesWrites;
    private final DatabaseProbe database = new DatabaseProbe(() -> databaseTakesWrites, Duration.ofSeconds(5),
            Duration.ZERO, System::nanoTime);
    private ListenerHandOver handOver;

    @AfterEach
    void stop() {
        if (handOver != null) {
            handOver.stop();
        }
    }

    @Test
    void aRecordThatWaitedHandOverAfterOnADatabaseUnreachableFromHereStopsItsContainer() {
        BackOffExecution waiting = waitOf(handOver(Duration.ofMinutes(1)), Duration.ofMinutes(15));

        assertThat(nextBackOff(waiting)).isNotEqualTo(BackOffExecution.STOP);
        clock.advance(Duration.ofSeconds(59));
        assertThat(nextBackOff(waiting)).isNotEqualTo(BackOffExecution.STOP);
        assertThat(handOver.handOvers()).as("not before a minute").isZero();

        clock.advance(Duration.ofSeconds(1));
        assertThat(nextBackOff(waiting)).as("not dead-lettered").isNotEqualTo(BackOffExecution.STOP);

        verify(container, timeout(5_000)).stopAbnormally(any());
        assertThat(handOver.handOvers()).isEqualTo(1);
        assertThat(handOver.handedOver()).containsOnlyKeys("service-listener")
                .containsValue(Instant.parse("2026-03-01T08:01:00Z"));
        assertThat(nextBackOff(waiting)).as("handed over already: not stopped twice")
                .isNotEqualTo(BackOffExecution.STOP);
        assertThat(handOver.handOvers()).isEqualTo(1);
        assertThat(givenUp).hasValue(0);
    }

    @Test
    void aDatabaseThatAnswersAndTakesWritesFromHereIsNoReasonToHandOver() throws Exception {
        databaseTakesWrites = true; // a full disk: the record's writes fail, the probe's question does not
        BackOffExecution waiting = waitOf(handOver(Duration.ofMinutes(1)), Duration.ofMinutes(15));

        nextBackOff(waiting);
        clock.advance(Duration.ofMinutes(2));
        nextBackOff(waiting);

        Thread.sleep(200);
        verify(container, never()).stopAbnormally(any());
        assertThat(handOver.handOvers()).isZero();
    }

    @Test
    void withHandOverOffTheRecordWaitsUpToTheDatabaseWaitAndIsDeadLettered() throws Exception {
        BackOffExecution waiting = waitOf(handOver(Duration.ZERO), Duration.ofMinutes(15));

        nextBackOff(waiting);
        clock.advance(Duration.ofMinutes(14));
        assertThat(nextBackOff(waiting)).isNotEqualTo(BackOffExecution.STOP);
        clock.advance(Duration.ofMinutes(1));
        assertThat(nextBackOff(waiting)).isEqualTo(BackOffExecution.STOP);

        Thread.sleep(200);
        verify(container, never()).stopAbnormally(any());
        assertThat(givenUp).hasValue(1);
    }

    @Test
    void aRecordMetAgainAfterAHandOverGoesOnFromItsWaitHereSoTheDatabaseWaitStillEndsIt() {
        ListenerHandOver handingOver = handOver(Duration.ofMinutes(1));
        BackOffExecution first = waitOf(handingOver, Duration.ofMinutes(3));
        nextBackOff(first);
        clock.advance(Duration.ofMinutes(2));
        nextBackOff(first);
        verify(container, timeout(5_000)).stopAbnormally(any());

        // taken up again an hour later; the record comes back to this instance and takes the database down again
        clock.advance(Duration.ofHours(1));
        BackOffExecution again = waitOf(handingOver, Duration.ofMinutes(3));
        assertThat(nextBackOff(again)).as("2 of its 3 minutes waited here").isNotEqualTo(BackOffExecution.STOP);
        clock.advance(Duration.ofMinutes(1));
        assertThat(nextBackOff(again)).as("dead-lettered at 3").isEqualTo(BackOffExecution.STOP);
        assertThat(givenUp).hasValue(1);
    }

    /**
     * Review of session 66: the task that takes a container up again caught only {@code RuntimeException}; an
     * {@code Error} out of it (no native thread for the probe's question, or for the consumer that
     * {@code container.start()} opens) cancelled every later run of the scheduled task, silently, and the container
     * handed over was never started again while health said it would be. The first start fails with such an Error.
     */
    @Test
    void anErrorWhileTakingUpAgainDoesNotEndTheTakingUp() {
        when(container.getListenerId()).thenReturn("service-listener");
        AtomicInteger starts = new AtomicInteger();
        doAnswer(invocation -> {
            if (starts.incrementAndGet() == 1) {
                throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
            }
            return null;
        }).when(container).start();
        handOver = new ListenerHandOver(database, Duration.ofMinutes(1), Duration.ofMillis(20), clock);
        handOver.start();
        BackOffExecution waiting = waitOf(handOver, Duration.ofMinutes(15));
        nextBackOff(waiting);
        clock.advance(Duration.ofMinutes(1));
        nextBackOff(waiting);
        verify(container, timeout(5_000)).stopAbnormally(any());

        databaseTakesWrites = true;

        verify(container, timeout(5_000).times(2)).start();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(handOver.handedOver())
                .as("taken up after the Error, within a few retake periods").isEmpty());
        assertThat(starts).hasValue(2);
    }

    private ListenerHandOver handOver(Duration after) {
        when(container.getListenerId()).thenReturn("service-listener");
        handOver = new ListenerHandOver(database, after, Duration.ofMinutes(10), clock);
        handOver.start();
        return handOver;
    }

    private BackOffExecution waitOf(ListenerHandOver handingOver, Duration databaseWait) {
        ExponentialBackOff intervals = new ExponentialBackOff(1, 2.0);
        intervals.setMaxInterval(4);
        return new DatabaseWait(RECORD, UNREACHABLE, intervals, databaseWait, clock, givenUp::incrementAndGet,
                handingOver).start();
    }

    /** The next wait, chosen as spring-kafka's error handler chooses it: on a failure of {@link #container}. */
    private long nextBackOff(BackOffExecution waiting) {
        return ListenerHandOver.handling(container, waiting::nextBackOff);
    }
}
