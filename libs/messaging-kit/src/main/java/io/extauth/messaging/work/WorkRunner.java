package io.extauth.messaging.work;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
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
 */
public final class WorkRunner<T> {

    private static final Logger log = LoggerFactory.getLogger(WorkRunner.class);

    private final String name;
    private final WorkQueue<T> queue;
    private final int slots;
    private final Duration lease;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ExecutorService threads;
    private final ScheduledExecutorService renewer;
    /** The claims whose work is running here, whose leases the renewer keeps. */
    private final Set<Claim<T>> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger claimed = new AtomicInteger();

    /**
     * @param name  names the threads ({@code <name>-worker-n}) and the log lines
     * @param slots how much work this instance does at the same time
     * @param lease how long a claimed row belongs to this instance without renewal: renewed every third of it while
     *              the work runs, so it only needs to outlast two missed renewals (a database blip); it is also how
     *              long the work of a dead instance waits before another takes it over
     */
    public WorkRunner(String name, WorkQueue<T> queue, int slots, Duration lease, TransactionTemplate transactions,
            Clock clock) {
        this.name = name;
        this.queue = queue;
        this.slots = slots;
        this.lease = lease;
        this.transactions = transactions;
        this.clock = clock;
        CustomizableThreadFactory factory = new CustomizableThreadFactory(name + "-worker-");
        factory.setDaemon(true);
        this.threads = Executors.newFixedThreadPool(slots, factory);
        CustomizableThreadFactory renewals = new CustomizableThreadFactory(name + "-lease-renewer-");
        renewals.setDaemon(true);
        this.renewer = Executors.newSingleThreadScheduledExecutor(renewals);
        long every = Math.max(1, lease.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
    }

    /** Claims due work for the free slots and hands it to {@code perform} on the slots' threads; never waits for it. */
    public void poll(Consumer<Claim<T>> perform) {
        int free = slots - inFlight.get();
        if (free <= 0) {
            return;
        }
        List<Claim<T>> due = queue.claimDue(clock.instant(), free, lease);
        claimed.addAndGet(due.size());
        for (Claim<T> claim : due) {
            inFlight.incrementAndGet();
            running.add(claim);
            try {
                threads.execute(() -> {
                    try {
                        perform.accept(claim);
                    } catch (RuntimeException e) {
                        // the lease runs out and another poll tries again
                        log.error("{} work on {} (attempt {}) failed: {}", name, claim.key(), claim.attempt(),
                                e.toString());
                    } finally {
                        running.remove(claim);
                        inFlight.decrementAndGet();
                        claimMore(perform);
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                running.remove(claim);
                inFlight.decrementAndGet();
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
     * A slot that came free claims the next due work at once instead of idling until the next scheduled poll, so a
     * backlog drains at the speed of the work, not of the poll interval (slots / interval was the ceiling before).
     */
    private void claimMore(Consumer<Claim<T>> perform) {
        if (threads.isShutdown()) {
            return;
        }
        try {
            poll(perform);
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
     * Records the outcome of a claimed attempt in one transaction, with the row locked as it is now; does nothing but
     * warn when the lease went to another worker meanwhile, whose attempt then counts instead.
     */
    public void record(Claim<T> claim, Consumer<T> outcome) {
        // the outcome ends the lease: a renewal racing the commit would only find the token gone
        running.remove(claim);
        transactions.executeWithoutResult(status -> queue.lockClaimed(claim).ifPresentOrElse(outcome,
                () -> log.warn("{} lease on {} ran out before its outcome was recorded; another attempt follows", name,
                        claim.key())));
    }

    /** How many rows this instance has claimed so far (for tests and metrics). */
    public int claimedSoFar() {
        return claimed.get();
    }

    /** Takes no more work and lets the work in flight finish for a few seconds. */
    public void shutdown() throws InterruptedException {
        threads.shutdown();
        threads.awaitTermination(5, TimeUnit.SECONDS);
        // work still running keeps no lease: another instance takes it over within one lease
        renewer.shutdownNow();
    }
}
