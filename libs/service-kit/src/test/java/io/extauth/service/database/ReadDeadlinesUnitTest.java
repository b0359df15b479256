package io.extauth.service.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The thread that keeps the sockets' long read timeouts is the bound of every such read: a socket whose look fails,
 * by an exception or an error, stops neither the look at the others nor the thread.
 */
class ReadDeadlinesUnitTest {

    @Test
    void aSocketWhoseLookFailsKeepsNoneOfTheOthersFromBeingClosedPastTheirBound() {
        long now = System.nanoTime();
        Due first = new Due(now);
        Due last = new Due(now);

        ReadDeadlines.closeOverdue(List.of(first, new Failing(new IllegalStateException("closing failed")),
                new Failing(new StackOverflowError()), last), now);

        assertThat(first.closed).isTrue();
        assertThat(last.closed).isTrue();
    }

    @Test
    void theThreadGoesOnClosingSocketsPastTheirBoundAfterALookFailedRoundAfterRound() {
        // due after the thread's first rounds, in which the other fails: a thread that ended there never closes it
        Due later = new Due(System.nanoTime() + ReadDeadlines.EVERY.multipliedBy(3).toNanos());
        Failing failing = new Failing(new AssertionError("an Error from a socket's close"));
        try {
            ReadDeadlines.watch(failing);
            ReadDeadlines.watch(later);

            await().atMost(Duration.ofSeconds(5)).until(() -> later.closed.get());
            assertThat(failing.looks.get()).as("the failing socket, looked at in each round").isGreaterThan(1);
        } finally {
            ReadDeadlines.forget(failing);
            ReadDeadlines.forget(later);
        }
    }

    /** A socket whose read waits past its bound from {@code dueAt} (nano time) on. */
    private static final class Due implements ReadDeadlines.Watched {

        private final long dueAt;
        private final AtomicBoolean closed = new AtomicBoolean();

        Due(long dueAt) {
            this.dueAt = dueAt;
        }

        @Override
        public void closeIfOverdue(long now) {
            if (now - dueAt >= 0) {
                closed.set(true);
            }
        }
    }

    /** A socket whose every look fails. */
    private static final class Failing implements ReadDeadlines.Watched {

        private final Throwable failure;
        private final AtomicInteger looks = new AtomicInteger();

        Failing(Throwable failure) {
            this.failure = failure;
        }

        @Override
        public void closeIfOverdue(long now) {
            looks.incrementAndGet();
            if (failure instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) failure;
        }
    }
}
