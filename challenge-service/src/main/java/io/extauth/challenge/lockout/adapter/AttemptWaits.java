package io.extauth.challenge.lockout.adapter;

import io.extauth.challenge.lockout.AttemptReservationRules;
import io.extauth.messaging.tracing.EventTracing;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
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
 * each time in its own transaction under the user's row lock. A burst of codes for one user (or a hostile caller's)
 * so waits in memory, not on request threads nor on VIP's, and only a slow vendor keeps attempts in flight that long:
 * after a reservation's lease it gives up as a vendor failure.
 * <p>
 * One user's waits stand in line: only the first asks the database, and when it ends (an attempt reserved, the
 * challenge found decided, given up) the next asks at once. So a flood of one user's codes costs one check per pause,
 * not one per code per pause, and the attempts that come free go to the waits in the order they began (a code that
 * comes while an attempt is free takes it at once: it never joins the line).
 * <p>
 * The pauses are kept by one timer thread; the database is asked on {@value #CHECKING_THREADS} threads of their own,
 * so one user's row held locked, or a connection slow to come, holds up the checks of the others only once all of
 * those wait. Each wait's checks run in the trace context of the request that began it, whichever thread hands it
 * its turn.
 * <p>
 * At most {@value #MAX_WAITING} wait at once per instance, {@value #MAX_WAITING_PER_USER} of them for one user
 * ({@code user}, account and user): one more is refused at once as a vendor failure ({@code 503}).
 */
@Component
public class AttemptWaits implements DisposableBean {

    /** Answers and activations waiting at once on this instance, beyond which the next is refused at once. */
    static final int MAX_WAITING = 256;

    /** Of those, one user's: a flood of codes for one user leaves the others room to wait. */
    static final int MAX_WAITING_PER_USER = 64;

    /** Threads that ask the database whether an attempt came free. */
    static final int CHECKING_THREADS = 4;

    private final EventTracing tracing;
    private final int maxWaiting;
    private final int maxWaitingPerUser;
    private final AtomicInteger waiting = new AtomicInteger();
    /** Each user's waits, in the order they came: the first asks, the others wait their turn. */
    private final Map<String, Line> lines = new ConcurrentHashMap<>();
    /** The waits under way, with how each gives up: at shutdown each is ended, none left without an answer. */
    private final Map<CompletableFuture<?>, Runnable> underWay = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, named("attempt-waits"));
    private final ThreadPoolExecutor checks;

    @Autowired
    AttemptWaits(EventTracing tracing) {
        this(tracing, MAX_WAITING, MAX_WAITING_PER_USER);
    }

    AttemptWaits(EventTracing tracing, int maxWaiting, int maxWaitingPerUser) {
        this.tracing = tracing;
        this.maxWaiting = maxWaiting;
        this.maxWaitingPerUser = maxWaitingPerUser;
        AtomicInteger made = new AtomicInteger();
        this.checks = new ThreadPoolExecutor(CHECKING_THREADS, CHECKING_THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), work -> named("attempt-checks-" + made.incrementAndGet()).newThread(work));
        this.checks.allowCoreThreadTimeOut(true);
        this.timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Runs {@code attempt} once its turn in {@code user}'s line comes, and again after each pause while it answers
     * empty (every remaining attempt in flight); completes with its answer, with what it threw, or with {@code gaveUp}
     * after a reservation's lease (counted from now, the turn's wait included).
     */
    public <T> CompletableFuture<T> freeAttempt(String user, AttemptReservationRules rules,
            Supplier<Optional<T>> attempt, Function<@Nullable Throwable, RuntimeException> gaveUp) {
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            return CompletableFuture.failedFuture(gaveUp.apply(null));
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        long giveUpAt = System.nanoTime() + rules.lease().toNanos();
        // its turn: the first of the line asks after a pause (its caller has just asked), a next one at once (the
        // one before it has just ended, with an attempt reserved or given up: another may be free), in the trace
        // context of this request whichever thread hands it the turn
        Waiter waiter = new Waiter(tracing.inThisTraceContext(() -> askAfter(0, 0, giveUpAt, attempt, gaveUp,
                answer)));
        // known before it joins the line: a stop meanwhile still ends it
        underWay.put(answer, () -> answer.completeExceptionally(gaveUp.apply(null)));
        boolean[] joined = new boolean[1];
        boolean[] first = new boolean[1];
        lines.compute(user, (key, line) -> {
            Line waits = line == null ? new Line() : line;
            if (waits.size() < maxWaitingPerUser) {
                waits.add(waiter);
                joined[0] = true;
                first[0] = waits.size() == 1;
            }
            return waits;
        });
        if (!joined[0]) {
            underWay.remove(answer);
            waiting.decrementAndGet();
            return CompletableFuture.failedFuture(gaveUp.apply(null));
        }
        answer.whenComplete((free, failure) -> {
            underWay.remove(answer);
            waiting.decrementAndGet();
            leave(user, waiter);
        });
        if (first[0]) {
            askAfter(AttemptReservationRules.pause(0).toMillis(), 0, giveUpAt, attempt, gaveUp, answer);
        }
        return answer;
    }

    /** {@code waiter} ends; if it was the one asking, the next of its user's line asks now. */
    private void leave(String user, Waiter waiter) {
        Waiter[] next = new Waiter[1];
        lines.computeIfPresent(user, (key, line) -> {
            next[0] = line.leave(waiter);
            return line.size() == 0 ? null : line;
        });
        if (next[0] != null) {
            next[0].nextTurn().run();
        }
    }

    /** One wait in line: how it begins to ask when the one before it ends. */
    private record Waiter(Runnable nextTurn) {
    }

    /** One user's waits in the order they came; read and changed only inside the map's {@code compute} for that user. */
    private static final class Line {

        private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

        int size() {
            return waiters.size();
        }

        void add(Waiter waiter) {
            waiters.addLast(waiter);
        }

        /** Takes {@code waiter} out; the next one to ask when it was the one asking, else none. */
        @Nullable Waiter leave(Waiter waiter) {
            boolean wasAsking = waiters.peekFirst() == waiter;
            waiters.remove(waiter);
            return wasAsking ? waiters.peekFirst() : null;
        }
    }

    /** The answers and activations waiting now. */
    int waiting() {
        return waiting.get();
    }

    private <T> void askAfter(long pauseMillis, int round, long giveUpAt, Supplier<Optional<T>> attempt,
            Function<@Nullable Throwable, RuntimeException> gaveUp, CompletableFuture<T> answer) {
        // wrapped here, in the context of the request or of the round before, which ran in the request's
        Runnable ask = tracing.inThisTraceContext(() -> {
            if (answer.isDone()) {
                return; // ended meanwhile (a stop): asks nothing more, so reserves nothing nobody waits for
            }
            if (System.nanoTime() - giveUpAt > 0) {
                answer.completeExceptionally(gaveUp.apply(null)); // the lease passed while this check waited its turn
                return;
            }
            try {
                Optional<T> free = attempt.get();
                if (free.isPresent()) {
                    answer.complete(free.get());
                } else if (System.nanoTime() - giveUpAt > 0) {
                    answer.completeExceptionally(gaveUp.apply(null));
                } else {
                    askAfter(AttemptReservationRules.pause(round + 1).toMillis(), round + 1, giveUpAt, attempt, gaveUp,
                            answer);
                }
            } catch (Throwable failure) {
                answer.completeExceptionally(failure);
            }
        });
        try {
            // the timer only hands the check over: it never waits for the database itself
            timer.schedule(() -> {
                try {
                    checks.execute(ask);
                } catch (RejectedExecutionException shutDown) {
                    answer.completeExceptionally(gaveUp.apply(shutDown));
                }
            }, pauseMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            answer.completeExceptionally(gaveUp.apply(shutDown));
        }
    }

    /** Stops; every wait still under way ends as a vendor failure ({@code 503}), none is left without an answer. */
    @Override
    public void destroy() {
        timer.shutdownNow();
        checks.shutdownNow();
        underWay.values().forEach(Runnable::run);
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return work -> {
            Thread thread = new Thread(work, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
