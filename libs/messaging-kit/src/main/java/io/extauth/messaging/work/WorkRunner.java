package io.extauth.messaging.work;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the due work of one {@link WorkQueue} on a fixed number of slots. Every {@link #poll} claims as many due rows as
 * there are free slots and hands each to a slot's thread, which does the work outside any transaction and records its
 * outcome through {@link #record}, only while the lease holds. Work that throws is logged and left to its lease: when
 * the lease runs out, another poll (of this or another instance) claims it again. Any number of instances may run on
 * one database: a row is claimed by one at a time.
 *
 * <p>The lease is short and renewed every third of it while the work runs, so a live worker keeps its row however
 * long a vendor or SMTP server takes, and the row of a worker that died (kill -9, lost host) is taken over within one
 * lease, not after a lease sized for the slowest conversation. Renewal and outcome both hold only with the claim's
 * token: a worker that lost its row to another (its renewals failed for a whole lease, e.g. a long database outage)
 * neither takes it back nor records a second outcome.
 *
 * <p>With {@code claimAhead > 0}, a statement that finds work due claims up to that many rows beyond the free slots;
 * they wait here, their leases kept like running work's, and a slot that comes free takes the next of them before it
 * asks the database again. A backlog of N rows then costs about N / (1 + claimAhead) claim statements instead of N
 * (tools/bench: a 1,000-order burst is a backlog in the provisioning and mail tables). Work that was not due stays
 * claimed by nobody: only rows that were due when the statement ran wait, and never more than {@code claimAhead}.
 *
 * <p>{@link #start} polls on the runner's own timer thread ({@code <name>-poller-}): no scheduler hop and no
 * observation (a Micrometer observation and a tracing scope per tick of a Spring {@code @Scheduled} method). The
 * leases are renewed on a thread of their own ({@code <name>-lease-renewer-}), which never waits for a claim: a claim
 * statement that waits (on a dropped socket, a lock, a slow plan) once held the renewals of the work running here for
 * as long, and another instance took that work over and did it a second time (an e-mail sent twice). A renewal still
 * needs a connection of the pool: when the pool itself has none to give for longer than the lease, it lapses as
 * before.
 *
 * <p>A slot that comes free asks the database again only while more may be due: after a claim that got every row it
 * asked for. A claim that came back short found all that was due, so the slots that come free after it leave the
 * database alone until new work may have arrived: the next poll, or {@link #workAdded} once the transaction that added
 * work commits (before, in a trickle every claim that found work was followed by one empty claim per slot it filled).
 */
public final class WorkRunner<T> {

    private static final Logger log = LoggerFactory.getLogger(WorkRunner.class);
    static final Duration FIRST_PUT_OFF = Duration.ofMinutes(1);
    static final Duration LONGEST_PUT_OFF = Duration.ofHours(1);

    private final String name;
    private final WorkQueue<T> queue;
    private final int slots;
    private final Duration lease;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ExecutorService threads;
    private final ScheduledExecutorService renewer;
    private final ScheduledExecutorService poller;
    private final int claimAhead;
    /** The claims whose work is running or waiting here, whose leases the renewer keeps. */
    private final Set<Claim<T>> running = ConcurrentHashMap.newKeySet();
    /** The claims whose work is done here and whose outcome waits to be recorded, with when it began to wait. */
    private final Map<Claim<T>, Instant> awaitingRecord = new ConcurrentHashMap<>();
    /** Claimed ahead of a free slot, in the order the database returned them. */
    private final ConcurrentLinkedQueue<Claim<T>> waiting = new ConcurrentLinkedQueue<>();
    /** Claims handed to a slot and not yet finished: a slot counts as free again before it asks for more. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Slots whose thread has not yet returned, the claim a freed slot makes for more included (for {@link #isIdle}). */
    private final AtomicInteger slotsBusy = new AtomicInteger();
    /**
     * Whether more may be due than the last claim took: it got every row it asked for, or a poll came since. Read and
     * written under the runner's lock.
     */
    private boolean moreMayBeDue = true;
    /** {@link System#nanoTime} when the last claim statement answered; written under the runner's lock. */
    private volatile long lastClaimAt = System.nanoTime() - Long.MAX_VALUE / 2;
    /** A wake-up is queued on the timer thread and has not begun: later ones until it begins are the same one. */
    private final AtomicBoolean wakeUpQueued = new AtomicBoolean();
    /** Marks, in a transaction's resources, that this runner is woken once that transaction commits. */
    private final Object wakeUpAfterCommit = new Object();
    private final AtomicInteger claimed = new AtomicInteger();
    /**
     * Guards {@link #polling}: starting, pausing and asking whether it polls never wait for a poll, which holds the
     * runner's own lock while it claims and can wait that long for a database connection that does not come (a stop
     * on SIGTERM, or a test context closing after the database, waited for Hikari's connection timeout).
     */
    private final Object schedule = new Object();
    /** The timer's polls, while {@link #start}ed. */
    private @Nullable ScheduledFuture<?> polling;
    /** Set by {@link #pause}: no claims at all, not even by a slot that comes free, until started again. */
    private volatile boolean paused;

    /**
     * @param name  names the threads ({@code <name>-worker-n}) and the log lines
     * @param slots how much work this instance does at the same time
     * @param lease how long a claimed row belongs to this instance without renewal: renewed every third of it while
     *              the work runs, so it only needs to outlast two missed renewals (a database blip); it is also how
     *              long the work of a dead instance waits before another takes it over
     */
    public WorkRunner(String name, WorkQueue<T> queue, int slots, Duration lease, TransactionTemplate transactions,
            Clock clock) {
        this(name, queue, slots, lease, transactions, clock, 0);
    }

    /**
     * @param claimAhead how many due rows one claim may take beyond the free slots, to wait here for the next free
     *                   slot (0: never more than the free slots)
     */
    public WorkRunner(String name, WorkQueue<T> queue, int slots, Duration lease, TransactionTemplate transactions,
            Clock clock, int claimAhead) {
        if (claimAhead < 0) {
            throw new IllegalArgumentException("claimAhead must not be negative: " + claimAhead);
        }
        this.claimAhead = claimAhead;
        this.name = name;
        this.queue = queue;
        this.slots = slots;
        this.lease = lease;
        this.transactions = transactions;
        this.clock = clock;
        CustomizableThreadFactory factory = new CustomizableThreadFactory(name + "-worker-");
        factory.setDaemon(true);
        this.threads = Executors.newFixedThreadPool(slots, factory);
        // renews the leases and does nothing else, so that no claim ever holds a renewal up
        CustomizableThreadFactory renewals = new CustomizableThreadFactory(name + "-lease-renewer-");
        renewals.setDaemon(true);
        this.renewer = Executors.newSingleThreadScheduledExecutor(renewals);
        long every = Math.max(1, lease.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
        // polls when started (start), and when woken (workAdded)
        CustomizableThreadFactory polls = new CustomizableThreadFactory(name + "-poller-");
        polls.setDaemon(true);
        this.poller = Executors.newSingleThreadScheduledExecutor(polls);
    }

    /**
     * Polls every {@code interval} (the first at once) on the runner's own timer thread until {@link #pause} or
     * {@link #shutdown}; a poll that fails is logged and the next one tries again. Does nothing while already polling.
     * A tick that comes less than {@code interval} after the last claim statement (a wake-up's, a slot's) skips its
     * claim: that statement took all that was due then, so the work that came due since waits at most one more
     * interval, and a trickle of woken work is not paid for a second time by the timer.
     */
    public void start(Duration interval, Consumer<Claim<T>> perform) {
        synchronized (schedule) {
            if (polling != null) {
                return;
            }
            paused = false;
            long every = interval.toNanos();
            polling = poller.scheduleWithFixedDelay(() -> {
                if (System.nanoTime() - lastClaimAt < every) {
                    return;
                }
                try {
                    poll(perform);
                } catch (RuntimeException e) {
                    log.warn("{}: claiming due work failed, trying again in {} ms: {}", name, interval.toMillis(),
                            e.toString());
                }
            }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Stops claiming (the timer's polls and the slots' own) until {@link #start}ed again; work in flight finishes and
     * records its outcome, leases are still renewed. For a context that is stopped without being closed (Spring's
     * test context cache pauses the contexts it is not using).
     */
    public void pause() {
        synchronized (schedule) {
            paused = true;
            if (polling != null) {
                polling.cancel(false);
                polling = null;
            }
        }
    }

    /** Whether the timer polls ({@link #start}ed, not paused or shut down). */
    public boolean isPolling() {
        synchronized (schedule) {
            return polling != null;
        }
    }

    /**
     * Hands due work to the free slots' threads, the claims waiting here first, then as many rows as are still free
     * plus {@code claimAhead} from the database in one statement; never waits for the work. New work may have arrived
     * since the last claim: this asks the database even when that claim came back short, and if no slot is free now,
     * the next that comes free asks.
     */
    public void poll(Consumer<Claim<T>> perform) {
        fill(perform, true);
    }

    /**
     * Tells the runner that the calling thread's transaction added work: once it commits (at once when no transaction
     * is active), the runner polls on its own timer thread, so the work starts now instead of at the next scheduled
     * poll. However often it is called in one transaction (a batch of records), the runner is woken once; wake-ups
     * that come while one is still queued are that one. A rolled-back transaction wakes nothing.
     */
    public void workAdded(Consumer<Claim<T>> perform) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            wakeUp(perform);
            return;
        }
        if (TransactionSynchronizationManager.hasResource(wakeUpAfterCommit)) {
            return;
        }
        TransactionSynchronizationManager.bindResource(wakeUpAfterCommit, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                wakeUp(perform);
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(wakeUpAfterCommit);
            }
        });
    }

    private void wakeUp(Consumer<Claim<T>> perform) {
        if (!wakeUpQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            poller.execute(() -> {
                // cleared before the claim: work committed from now on is either seen by it or wakes it again
                wakeUpQueued.set(false);
                try {
                    poll(perform);
                } catch (RuntimeException e) {
                    log.debug("{}: claiming new work failed, the next scheduled poll tries again: {}", name,
                            e.toString());
                }
            });
        } catch (RejectedExecutionException shutDown) {
            wakeUpQueued.set(false);
        }
    }

    /**
     * Hands out the claims waiting here, then claims from the database for the slots still free, when
     * {@code newWorkMayBeDue} or the last claim got every row it asked for.
     */
    private synchronized void fill(Consumer<Claim<T>> perform, boolean newWorkMayBeDue) {
        if (newWorkMayBeDue) {
            moreMayBeDue = true;
        }
        int free = slots - inFlight.get();
        if (free <= 0 || paused || threads.isShutdown()) {
            return;
        }
        List<Claim<T>> next = new ArrayList<>(free);
        while (next.size() < free && !waiting.isEmpty()) {
            Claim<T> ahead = waiting.remove();
            if (running.contains(ahead)) {
                next.add(ahead);
            }
            // else its lease went to another worker while it waited (renewals failed for a whole lease): not begun
        }
        if (next.size() < free && moreMayBeDue) {
            int wanted = free - next.size();
            int asked = wanted + claimAhead;
            List<Claim<T>> due = queue.claimDue(clock.instant(), asked, lease);
            lastClaimAt = System.nanoTime();
            // short: every row that was due is claimed now (by this runner or another)
            moreMayBeDue = due.size() == asked;
            claimed.addAndGet(due.size());
            running.addAll(due);
            next.addAll(due.subList(0, Math.min(wanted, due.size())));
            waiting.addAll(due.subList(Math.min(wanted, due.size()), due.size()));
        }
        for (Claim<T> claim : next) {
            inFlight.incrementAndGet();
            slotsBusy.incrementAndGet();
            try {
                threads.execute(() -> {
                    try {
                        perform.accept(claim);
                    } catch (RuntimeException e) {
                        putOff(claim, e);
                    } finally {
                        running.remove(claim);
                        inFlight.decrementAndGet();
                        claimMore(perform);
                        slotsBusy.decrementAndGet();
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                running.remove(claim);
                inFlight.decrementAndGet();
                slotsBusy.decrementAndGet();
            }
        }
    }

    /**
     * Does the work of a claim the service took itself on the calling thread, its lease renewed like a polled claim's:
     * a row inserted already leased (its token, its first attempt counted) in the transaction that created the work, so
     * that the request that created it can do it at once and answer with the outcome. If this thread dies or gives up
     * without recording an outcome, the lease runs out and a poll (of this or another instance) takes the row over.
     */
    public void performHere(Claim<T> claim, Consumer<Claim<T>> perform) {
        running.add(claim);
        try {
            perform.accept(claim);
        } finally {
            running.remove(claim);
        }
    }

    /**
     * Work that threw is tried again {@link #FIRST_PUT_OFF} later, then twice as long after each failure up to
     * {@link #LONGEST_PUT_OFF}, where its queue can put it off ({@link WorkQueue#putOff}); else when its lease runs out.
     * A row that fails every time (one this version cannot act on) so costs a claim and an error line an hour, not one
     * per lease.
     */
    private void putOff(Claim<T> claim, RuntimeException failure) {
        Instant until = clock.instant().plus(putOffAfter(claim.attempt()));
        boolean putOff;
        try {
            putOff = queue.putOff(claim, until);
        } catch (RuntimeException e) {
            putOff = false;
        }
        log.error("{} work on {} (attempt {}) failed, tried again {}: {}", name, claim.key(), claim.attempt(),
                putOff ? "at " + until : "when its lease runs out", failure.toString());
    }

    /** How long work that failed on its {@code attempt}-th claim waits: a minute, doubling, at most an hour. */
    static Duration putOffAfter(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 6));
        Duration wait = FIRST_PUT_OFF.multipliedBy(1L << doublings);
        return wait.compareTo(LONGEST_PUT_OFF) > 0 ? LONGEST_PUT_OFF : wait;
    }

    /**
     * A slot that came free takes the next claim waiting here, or claims the next due work at once while more may be
     * due, instead of idling until the next scheduled poll, so a backlog drains at the speed of the work, not of the
     * poll interval (slots / interval was the ceiling before).
     */
    private void claimMore(Consumer<Claim<T>> perform) {
        if (threads.isShutdown()) {
            return;
        }
        try {
            fill(perform, false);
        } catch (RuntimeException e) {
            log.debug("{}: claiming more work failed, the next scheduled poll tries again: {}", name, e.toString());
        }
    }

    /**
     * Extends the lease of every claim whose work is running here. A renewal that fails on the database is tried again
     * a third of a lease later, so two may fail before the lease lapses; a claim whose lease went to another worker is
     * no longer renewed (its outcome will not be recorded either).
     */
    private void renewLeases() {
        Instant waitedLong = clock.instant().minus(lease.dividedBy(3));
        awaitingRecord.forEach((claim, since) -> {
            if (since.isAfter(waitedLong)) {
                return; // a short wait costs no renewal
            }
            try {
                if (!queue.renewLease(claim, clock.instant().plus(lease))) {
                    awaitingRecord.remove(claim); // recorded meanwhile, or taken over: its recording tells which
                }
            } catch (RuntimeException e) {
                log.warn("{} could not renew the lease on {} while its outcome waited to be recorded, trying again in "
                        + "{} ms: {}", name, claim.key(), lease.toMillis() / 3, e.toString());
            }
        });
        for (Claim<T> claim : running) {
            try {
                if (!queue.renewLease(claim, clock.instant().plus(lease)) && running.remove(claim)) {
                    log.warn("{} lease on {} went to another worker while its work was running here; this outcome "
                            + "will not be recorded", name, claim.key());
                }
            } catch (RuntimeException e) {
                log.warn("{} could not renew the lease on {}, trying again in {} ms: {}", name, claim.key(),
                        lease.toMillis() / 3, e.toString());
            }
        }
    }

    /**
     * The work of a claim performed here is done, and its outcome is to be recorded later with others' (one statement
     * for many): until {@link #recordAlone}, {@link #record} or {@link #recordUpdate} records it, its lease is renewed as
     * a running claim's is once it has waited a third of a lease (a short wait costs no renewal), so nobody takes the
     * work over while its recording is held up. A renewal that finds the row no longer the claim's stops renewing it,
     * without a warning: the recording says whether it was recorded or taken over.
     */
    public void awaitRecording(Claim<T> claim) {
        running.remove(claim);
        awaitingRecord.put(claim, clock.instant());
    }

    /**
     * Records the outcome of a claimed attempt in one transaction, with the row locked as it is now; does nothing but
     * warn when the lease went to another worker meanwhile, whose attempt then counts instead.
     */
    public void record(Claim<T> claim, Consumer<T> outcome) {
        // the outcome ends the lease: a renewal racing the commit would only find the token gone
        running.remove(claim);
        awaitingRecord.remove(claim);
        transactions.executeWithoutResult(status -> lockedOutcome(claim, outcome));
    }

    /**
     * Records an outcome that is one update of the claimed row, in one transaction, without a statement that locks the
     * row first ({@link #record}'s): {@code update} changes the row only while the claim holds the lease (its statement
     * names the row's key and the claim's token and takes the row lock itself; a claim or outcome of another worker it
     * has to wait for is then seen as committed) and says whether it did. When the lease went to another worker
     * meanwhile it changes nothing, and nothing is recorded but a warning, as with {@link #record}.
     */
    public void recordUpdate(Claim<T> claim, BooleanSupplier update) {
        recordUpdate(claim, update, () -> {
        });
    }

    /** As {@link #recordUpdate(Claim, BooleanSupplier)}, with more to do in the transaction once the row changed. */
    public void recordUpdate(Claim<T> claim, BooleanSupplier update, Runnable andThen) {
        running.remove(claim);
        awaitingRecord.remove(claim);
        transactions.executeWithoutResult(status -> {
            if (update.getAsBoolean()) {
                andThen.run();
            } else {
                leaseRanOut(claim);
            }
        });
    }

    /**
     * As {@link #recordUpdate(Claim, BooleanSupplier, Runnable)} for an outcome decided on the row as the claim read
     * it: {@code update} changes the row only while it still holds the lease <em>and</em> is as claimed in all the
     * outcome depends on. When it is not (changed meanwhile, e.g. cancelled while the vendor was asked), the row is
     * locked as it is now and {@code otherwise} decides on it, exactly as {@link #record} would: the usual case costs
     * one statement, the rare one a statement more than before.
     */
    public void recordUpdate(Claim<T> claim, BooleanSupplier update, Runnable andThen, Consumer<T> otherwise) {
        running.remove(claim);
        awaitingRecord.remove(claim);
        transactions.executeWithoutResult(status -> {
            if (update.getAsBoolean()) {
                andThen.run();
            } else {
                lockedOutcome(claim, otherwise);
            }
        });
    }

    private void lockedOutcome(Claim<T> claim, Consumer<T> outcome) {
        queue.lockClaimed(claim).ifPresentOrElse(outcome, () -> leaseRanOut(claim));
    }

    private void leaseRanOut(Claim<T> claim) {
        log.warn("{} lease on {} ran out before its outcome was recorded; another attempt follows", name, claim.key());
    }

    /**
     * Records an outcome that is one statement of its own, such as deleting the claimed row by its key and token: no
     * transaction and no lock taken first, one round trip instead of three. {@code outcome} returns whether it found
     * the row still held by this claim; when not, it warns as {@link #record} does.
     *
     * @return whether {@code outcome} recorded it
     */
    public boolean recordAlone(Claim<T> claim, Predicate<Claim<T>> outcome) {
        running.remove(claim);
        awaitingRecord.remove(claim);
        if (!outcome.test(claim)) {
            leaseRanOut(claim);
            return false;
        }
        return true;
    }

    /**
     * As {@link #recordAlone(Claim, Predicate)} for an outcome decided on the row as the claim read it, such as a
     * change and its event in one statement ({@code Outbox.changeAndPublish}): {@code outcome} changes the row only
     * while it still holds the lease <em>and</em> is as claimed in all the outcome depends on, and says whether it
     * did. When it did not, the row is locked as it is now and {@code otherwise} decides on it in one transaction,
     * exactly as {@link #record} would: the usual case costs one round trip and no transaction, the rare one a
     * transaction as before.
     *
     * @return whether {@code outcome} recorded it
     */
    public boolean recordAlone(Claim<T> claim, Predicate<Claim<T>> outcome, Consumer<T> otherwise) {
        running.remove(claim);
        awaitingRecord.remove(claim);
        if (outcome.test(claim)) {
            return true;
        }
        transactions.executeWithoutResult(status -> lockedOutcome(claim, otherwise));
        return false;
    }

    /** How many rows this instance has claimed so far (for tests and metrics). */
    public int claimedSoFar() {
        return claimed.get();
    }

    /**
     * Whether no claimed work runs or waits here and every slot's thread is done, the claim a freed slot makes for more
     * included: once the outcome of the last work is seen, the point after which this runner makes no round trip until
     * it is polled or woken (for tests).
     */
    public boolean isIdle() {
        return slotsBusy.get() == 0 && waiting.isEmpty();
    }

    /** Takes no more work and lets the work in flight finish for a few seconds. */
    public void shutdown() throws InterruptedException {
        pause();
        threads.shutdown();
        // claimed ahead and not begun: their leases run out and another instance takes them
        for (Claim<T> ahead = waiting.poll(); ahead != null; ahead = waiting.poll()) {
            running.remove(ahead);
        }
        threads.awaitTermination(5, TimeUnit.SECONDS);
        // work still running keeps no lease: another instance takes it over within one lease
        poller.shutdownNow();
        renewer.shutdownNow();
    }
}
