package io.extauth.challenge.lockout.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.extauth.challenge.lockout.AttemptReservationRules;
import io.extauth.messaging.tracing.EventTracing;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Waiting for a free attempt asks again after each pause until one is free, gives up after a reservation's lease, and
 * refuses at once beyond its bound of waits, instead of letting each wait ask the database for ever more callers.
 */
class AttemptWaitsUnitTest {

    private final AttemptWaits waits = new AttemptWaits(EventTracing.NONE, 2, 2);

    @AfterEach
    void shutDown() {
        waits.destroy();
    }

    @Test
    void asksAgainUntilAnAttemptIsFree() throws Exception {
        AtomicInteger asked = new AtomicInteger();

        String free = waits.freeAttempt("user-a", rules(Duration.ofSeconds(10)),
                () -> asked.incrementAndGet() < 3 ? Optional.<String>empty() : Optional.of("reserved"),
                cause -> new IllegalStateException("gave up")).get(10, TimeUnit.SECONDS);

        assertThat(free).isEqualTo("reserved");
        assertThat(asked).hasValue(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> waits.waiting() == 0);
    }

    @Test
    void givesUpAfterAReservationsLease() {
        CompletableFuture<String> never = waits.freeAttempt("user-a", rules(Duration.ofMillis(100)), Optional::empty,
                cause -> new IllegalStateException("gave up"));

        assertThatThrownBy(() -> never.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("gave up");
    }

    @Test
    void oneWaitBeyondTheBoundIsRefusedAtOnceWithoutAskingAndTheBoundComesBackAsWaitsEnd() throws Exception {
        AtomicBoolean attemptFree = new AtomicBoolean();
        AtomicInteger askedForTheThird = new AtomicInteger();
        CompletableFuture<String> first = waits.freeAttempt("user-a", rules(Duration.ofSeconds(10)),
                () -> attemptFree.get() ? Optional.of("first") : Optional.empty(), cause -> new IllegalStateException());
        CompletableFuture<String> second = waits.freeAttempt("user-b", rules(Duration.ofSeconds(10)),
                () -> attemptFree.get() ? Optional.of("second") : Optional.empty(), cause -> new IllegalStateException());

        CompletableFuture<String> third = waits.freeAttempt("user-c", rules(Duration.ofSeconds(10)), () -> {
            askedForTheThird.incrementAndGet();
            return Optional.of("third");
        }, cause -> new IllegalStateException("refused: " + waits.waiting() + " waiting"));

        assertThat(third).isCompletedExceptionally();
        assertThatThrownBy(third::join).hasMessageContaining("refused: 2 waiting");
        assertThat(askedForTheThird).as("the refused wait never asked the database").hasValue(0);
        attemptFree.set(true);
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("second");
        await().atMost(Duration.ofSeconds(5)).until(() -> waits.waiting() == 0);
        assertThat(waits.freeAttempt("user-a", rules(Duration.ofSeconds(10)), () -> Optional.of("again"),
                cause -> new IllegalStateException()).get(10, TimeUnit.SECONDS)).isEqualTo("again");
    }

    @Test
    void oneUsersWaitsBeyondTheirOwnBoundAreRefusedWhileAnotherUsersWaitIsTaken() throws Exception {
        AttemptWaits perUser = new AttemptWaits(EventTracing.NONE, 10, 2);
        AtomicBoolean attemptFree = new AtomicBoolean();
        try {
            List<CompletableFuture<String>> flooded = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                flooded.add(perUser.freeAttempt("acct/flooded", rules(Duration.ofSeconds(10)),
                        () -> attemptFree.get() ? Optional.of("free") : Optional.empty(),
                        cause -> new IllegalStateException("refused")));
            }
            CompletableFuture<String> other = perUser.freeAttempt("acct/other", rules(Duration.ofSeconds(10)),
                    () -> attemptFree.get() ? Optional.of("other's") : Optional.empty(),
                    cause -> new IllegalStateException("refused"));

            assertThat(flooded.get(2)).as("the flooded user's third").isCompletedExceptionally();
            assertThat(other).as("another user's, meanwhile").isNotDone();
            attemptFree.set(true);
            assertThat(other.get(10, TimeUnit.SECONDS)).isEqualTo("other's");
            assertThat(flooded.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("free");
            await().atMost(Duration.ofSeconds(5)).until(() -> perUser.waiting() == 0);
            assertThat(perUser.freeAttempt("acct/flooded", rules(Duration.ofSeconds(10)), () -> Optional.of("again"),
                    cause -> new IllegalStateException()).get(10, TimeUnit.SECONDS)).as("room again once they end")
                    .isEqualTo("again");
        } finally {
            perUser.destroy();
        }
    }

    @Test
    void aCheckThatWaitsForTheDatabaseHoldsUpNoOtherUsersWait() throws Exception {
        CountDownLatch databaseAnswers = new CountDownLatch(1);
        CompletableFuture<String> slow = waits.freeAttempt("user-a", rules(Duration.ofSeconds(10)), () -> {
            waitFor(databaseAnswers); // a user's row held locked, a connection slow to come
            return Optional.of("slow");
        }, cause -> new IllegalStateException());
        try {
            String quick = waits.freeAttempt("user-b", rules(Duration.ofSeconds(10)), () -> Optional.of("quick"),
                    cause -> new IllegalStateException()).get(5, TimeUnit.SECONDS);

            assertThat(quick).isEqualTo("quick");
            assertThat(slow).isNotDone();
        } finally {
            databaseAnswers.countDown();
        }
        assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("slow");
    }

    @Test
    void oneUsersWaitsAskOneAtATimeInTheOrderTheyCameNotEachOnItsOwn() throws Exception {
        AttemptWaits line = new AttemptWaits(EventTracing.NONE, 64, 64);
        int waiters = 10;
        AtomicInteger asked = new AtomicInteger();
        AtomicInteger askingNow = new AtomicInteger();
        AtomicInteger mostAskingAtOnce = new AtomicInteger();
        AtomicInteger freeAttempts = new AtomicInteger();
        List<Integer> reservedInOrder = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<CompletableFuture<Integer>> waits = new ArrayList<>();
            for (int i = 0; i < waiters; i++) {
                int which = i;
                waits.add(line.freeAttempt("acct/flooded", rules(Duration.ofSeconds(10)), () -> {
                    asked.incrementAndGet();
                    mostAskingAtOnce.accumulateAndGet(askingNow.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(5); // a check's round trip, long enough for checks at once to overlap
                        if (freeAttempts.get() > 0) {
                            freeAttempts.decrementAndGet();
                            reservedInOrder.add(which);
                            return Optional.of(which);
                        }
                        return Optional.<Integer>empty();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return Optional.<Integer>empty();
                    } finally {
                        askingNow.decrementAndGet();
                    }
                }, cause -> new IllegalStateException("gave up")));
            }
            long started = System.nanoTime();
            Thread.sleep(300); // every attempt of the user in flight meanwhile: the waits ask and ask again
            int askedWhileNoneFree = asked.get();
            long noneFreeMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            freeAttempts.set(waiters);
            for (CompletableFuture<Integer> wait : waits) {
                wait.get(10, TimeUnit.SECONDS);
            }

            assertThat(mostAskingAtOnce).as("checks of one user at once").hasValue(1);
            assertThat(askedWhileNoneFree).as("checks in " + noneFreeMillis + " ms of pauses from 10 ms doubling: one "
                    + "line's, not " + waiters + " waits' each").isLessThanOrEqualTo(oneLinesChecksWithin(noneFreeMillis));
            assertThat(reservedInOrder).as("the attempts, to the waits in the order they began")
                    .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            await().atMost(Duration.ofSeconds(5)).until(() -> line.waiting() == 0);
        } finally {
            line.destroy();
        }
    }

    @Test
    void eachWaitAsksInTheTraceContextOfItsOwnRequestThoughTheOneBeforeItHandsItTheTurn() {
        new ApplicationContextRunner().withPropertyValues("management.tracing.sampling.probability=0.0")
                .withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
                        OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class))
                .run(context -> {
                    Tracer tracer = context.getBean(Tracer.class);
                    AttemptWaits traced = new AttemptWaits(new EventTracing(tracer, context.getBean(Propagator.class),
                            false), 8, 8);
                    AtomicBoolean attemptFree = new AtomicBoolean();
                    try {
                        List<String> requests = new ArrayList<>();
                        List<List<String>> seen = new ArrayList<>();
                        List<CompletableFuture<String>> waits = new ArrayList<>();
                        for (int i = 0; i < 3; i++) {
                            Span request = tracer.nextSpan().start();
                            List<String> seenByThis = java.util.Collections.synchronizedList(new ArrayList<>());
                            try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
                                waits.add(traced.freeAttempt("acct/flooded", rules(Duration.ofSeconds(10)), () -> {
                                    seenByThis.add(tracer.currentSpan() == null ? "none"
                                            : tracer.currentSpan().context().traceId());
                                    return attemptFree.get() ? Optional.of("free") : Optional.empty();
                                }, cause -> new IllegalStateException("gave up")));
                            } finally {
                                request.end();
                            }
                            requests.add(request.context().traceId());
                            seen.add(seenByThis);
                        }
                        attemptFree.set(true);
                        for (CompletableFuture<String> wait : waits) {
                            wait.get(10, TimeUnit.SECONDS);
                        }

                        for (int i = 0; i < 3; i++) {
                            assertThat(seen.get(i)).as("the traces the checks of wait " + i + " ran in").isNotEmpty()
                                    .containsOnly(requests.get(i));
                        }
                    } finally {
                        traced.destroy();
                    }
                });
    }

    @Test
    void aStopEndsEveryWaitUnderWayAsGivenUpInsteadOfLeavingItWithoutAnAnswer() {
        AttemptWaits stopping = new AttemptWaits(EventTracing.NONE, 2, 2);
        CompletableFuture<String> waiting = stopping.freeAttempt("user-a", rules(Duration.ofSeconds(10)), Optional::empty,
                cause -> new IllegalStateException("gave up"));

        stopping.destroy();

        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("gave up");
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many checks one line makes in {@code millis}: one after each pause from 10 ms doubling to 200 ms, plus one. */
    private static int oneLinesChecksWithin(long millis) {
        int checks = 1;
        long elapsed = 0;
        for (int round = 0; elapsed <= millis; round++) {
            elapsed += AttemptReservationRules.pause(round).toMillis();
            checks++;
        }
        return checks;
    }

    private static AttemptReservationRules rules(Duration lease) {
        return new AttemptReservationRules(5, lease);
    }
}
