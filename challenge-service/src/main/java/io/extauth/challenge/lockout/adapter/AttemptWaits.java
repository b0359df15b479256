package io.extauth.challenge.lockout.adapter;

import io.extauth.challenge.lockout.AttemptReservationRules;
import io.extauth.messaging.tracing.EventTracing;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Waits, without holding a thread, while every remaining attempt of a user is in flight at VIP: an answer or an
 * activation that finds none free asks again after {@link AttemptReservationRules#pause} (10 ms doubling to 200 ms),
 * each time in its own transaction under the user's row lock, on this component's one thread. A burst of codes for
 * one user (or a hostile caller's) so waits in memory, not on request threads nor on VIP's, and only a slow vendor
 * keeps attempts in flight that long: after a reservation's lease it gives up as a vendor failure. The attempts run
 * in the trace context of the request that began the wait. At most {@value #MAX_WAITING} wait at once per instance,
 * each asking the database every 200 ms at most: one more is refused at once as a vendor failure ({@code 503}), so a
 * flood of codes for users whose answers are with a slow VIP cannot turn into a flood of statements.
 */
@Component
public class AttemptWaits implements DisposableBean {

    /** Answers and activations waiting at once on this instance, beyond which the next is refused at once. */
    static final int MAX_WAITING = 256;

    private final EventTracing tracing;
    private final int maxWaiting;
    private final AtomicInteger waiting = new AtomicInteger();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, work -> {
        Thread thread = new Thread(work, "attempt-waits");
        thread.setDaemon(true);
        return thread;
    });

    @Autowired
    AttemptWaits(EventTracing tracing) {
        this(tracing, MAX_WAITING);
    }

    AttemptWaits(EventTracing tracing, int maxWaiting) {
        this.tracing = tracing;
        this.maxWaiting = maxWaiting;
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Runs {@code attempt} after a pause, and again after each pause while it answers empty (every remaining attempt
     * in flight); completes with its answer, with what it threw, or with {@code gaveUp} after a reservation's lease.
     */
    public <T> CompletableFuture<T> freeAttempt(AttemptReservationRules rules, Supplier<Optional<T>> attempt,
            Function<@Nullable Throwable, RuntimeException> gaveUp) {
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            return CompletableFuture.failedFuture(gaveUp.apply(null));
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        answer.whenComplete((free, failure) -> waiting.decrementAndGet());
        askAfterPause(0, System.nanoTime() + rules.lease().toNanos(), attempt, gaveUp, answer);
        return answer;
    }

    /** The answers and activations waiting now. */
    int waiting() {
        return waiting.get();
    }

    private <T> void askAfterPause(int round, long giveUpAt, Supplier<Optional<T>> attempt,
            Function<@Nullable Throwable, RuntimeException> gaveUp, CompletableFuture<T> answer) {
        // wrapped here, in the context of the request or of the round before, which ran in the request's
        Runnable ask = tracing.inThisTraceContext(() -> {
            try {
                Optional<T> free = attempt.get();
                if (free.isPresent()) {
                    answer.complete(free.get());
                } else if (System.nanoTime() - giveUpAt > 0) {
                    answer.completeExceptionally(gaveUp.apply(null));
                } else {
                    askAfterPause(round + 1, giveUpAt, attempt, gaveUp, answer);
                }
            } catch (Throwable failure) {
                answer.completeExceptionally(failure);
            }
        });
        try {
            timer.schedule(ask, AttemptReservationRules.pause(round).toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            answer.completeExceptionally(gaveUp.apply(shutDown));
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
