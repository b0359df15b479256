package io.extauth.messaging.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The probe asks within its bound, once for a burst of failures in an outage, and again at once after an answer that
 * the database takes writes. Time is a clock the test moves.
 */
class DatabaseProbeUnitTest {

    private static final Duration BOUND = Duration.ofMillis(200);
    private static final Duration REMEMBERED = Duration.ofSeconds(2);

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger asked = new AtomicInteger();
    private final AtomicBoolean takesWrites = new AtomicBoolean(true);
    private final CountDownLatch hung = new CountDownLatch(1);

    @AfterEach
    void letHungQuestionsGo() {
        hung.countDown();
    }

    @Test
    void aDatabaseThatAnswersThatItTakesWritesIsAvailableAndOneThatDoesNotOrFailsToAnswerIsNot() {
        assertThat(probe().takesWrites()).isTrue();
        takesWrites.set(false);
        assertThat(probe().takesWrites()).isFalse();
        assertThat(new DatabaseProbe(() -> {
            throw new java.sql.SQLException("Connection refused", "08001");
        }, BOUND, REMEMBERED, now::get).takesWrites()).isFalse();
    }

    @Test
    void aPollOfFailuresInAnOutageAsksOnceAndAsksAgainOnceTheAnswerIsOld() {
        DatabaseProbe probe = probe();
        takesWrites.set(false);

        for (int i = 0; i < 50; i++) {
            assertThat(probe.takesWrites()).isFalse();
        }
        assertThat(asked).hasValue(1);

        takesWrites.set(true);
        now.addAndGet(REMEMBERED.toNanos() - 1);
        assertThat(probe.takesWrites()).as("still remembered").isFalse();
        now.addAndGet(1);
        assertThat(probe.takesWrites()).as("asked again").isTrue();
        assertThat(asked).hasValue(2);
    }

    @Test
    void thatTheDatabaseTakesWritesIsNotRememberedSoAnOutageThatBeginsJustAfterIsSeenAtItsFirstFailure() {
        DatabaseProbe probe = probe();

        assertThat(probe.takesWrites()).isTrue();
        takesWrites.set(false);

        assertThat(probe.takesWrites()).isFalse();
        assertThat(asked).hasValue(2);
    }

    @Test
    void aDatabaseThatDoesNotAnswerCostsTheBoundAndIsAskedOnceNotOncePerFailure() {
        DatabaseProbe probe = new DatabaseProbe(() -> {
            asked.incrementAndGet();
            hung.await();
            return true;
        }, BOUND, REMEMBERED, now::get);

        long started = System.nanoTime();
        assertThat(probe.takesWrites()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(BOUND, Duration.ofSeconds(2));

        now.addAndGet(REMEMBERED.toNanos());
        assertThat(probe.takesWrites()).as("the first question still hangs: no second one").isFalse();
        assertThat(asked).hasValue(1);
    }

    private DatabaseProbe probe() {
        return new DatabaseProbe(() -> {
            asked.incrementAndGet();
            return takesWrites.get();
        }, BOUND, REMEMBERED, now::get);
    }
}
