package io.extauth.challenge.login.adapter;

import io.extauth.challenge.login.adapter.ChallengeDeliveries.ClaimedRow;
import io.extauth.challenge.login.adapter.ChallengeDeliveries.Delivery;
import io.extauth.messaging.work.Claim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the rows of deliveries that reached the user, many in one statement: a delivery the vendor took is queued
 * here, and about {@code delay} later one {@code DELETE} on the settler's thread takes the rows of every delivery queued
 * meanwhile, each only while its claim still holds it (the row's key and its lease token). The thread that called the
 * vendor makes no round trip for it and takes no connection, and under load the database sees one statement for tens of
 * deliveries instead of one each (issue 14, fifty-first pass).
 * <p>
 * Nothing is lost by waiting: the caller hands the claim to its runner to await recording first
 * ({@code WorkRunner.awaitRecording}), which renews its lease should the removal be held up (a slow or failing
 * database), so nobody takes the delivery over while its row waits. Each claim's outcome goes to the {@link Recorder}:
 * removed, or not (the row was no longer the claim's, or the database refused the removal after its retries; the
 * lease then runs out and another instance takes the delivery over and, for a challenge still waiting, delivers again
 * with the same reference, which the vendor answers as the same contact — as when the one statement per delivery
 * failed before). The queue is emptied before the service stops.
 */
final class DeliverySettler implements AutoCloseable {

    /** Told, once per claim, whether its removal took its row. */
    @FunctionalInterface
    interface Recorder {
        void recorded(Claim<Delivery> claim, boolean removed);
    }

    private static final Logger log = LoggerFactory.getLogger(DeliverySettler.class);
    /** The most rows one statement removes (two arrays of this many ids). */
    static final int MOST_PER_STATEMENT = 500;

    private final ChallengeDeliveries deliveries;
    private final Recorder recorder;
    private final DatabaseRetry retry;
    private final Duration delay;
    private final ConcurrentLinkedQueue<Claim<Delivery>> queued = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean removalDue = new AtomicBoolean();
    /** Settled and not yet through a removal (queued, or in the statement under way). */
    private final AtomicInteger unrecorded = new AtomicInteger();
    private final ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, work -> {
        Thread settler = new Thread(work, "challenge-delivery-settler");
        settler.setDaemon(true);
        return settler;
    });

    DeliverySettler(ChallengeDeliveries deliveries, Recorder recorder, DatabaseRetry retry, Duration delay) {
        this.deliveries = deliveries;
        this.recorder = recorder;
        this.retry = retry;
        this.delay = delay;
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close() removes what they would have
    }

    /** The user was reached: the claim's row goes with the next removal, about {@code delay} from now. */
    void settled(Claim<Delivery> claim) {
        unrecorded.incrementAndGet();
        queued.add(claim);
        if (removalDue.compareAndSet(false, true)) {
            try {
                thread.schedule(this::removeQueuedLogged, delay.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopping) {
                removeQueued(); // closed meanwhile: at once, on this thread
            } catch (RuntimeException | Error e) {
                removalDue.set(false); // the next settle schedules again
                throw e;
            }
        }
    }

    /**
     * Removes the rows of every delivery queued so far. The flag is cleared before the queue is read, so a delivery
     * queued meanwhile is either taken now or schedules a removal of its own.
     */
    void removeQueued() {
        removalDue.set(false);
        List<Claim<Delivery>> batch = new ArrayList<>();
        for (Claim<Delivery> claim = queued.poll(); claim != null; claim = queued.poll()) {
            batch.add(claim);
            if (batch.size() == MOST_PER_STATEMENT) {
                remove(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            remove(batch);
        }
    }

    /** The scheduled removal: what it fails with is logged (a scheduled task's failure would go unseen). */
    private void removeQueuedLogged() {
        try {
            removeQueued();
        } catch (RuntimeException | Error e) {
            log.error("Removing the rows of settled deliveries failed; what is still queued goes with the next "
                    + "delivery settled, or when the service stops", e);
            throw e;
        }
    }

    private void remove(List<Claim<Delivery>> batch) {
        Set<ClaimedRow> removed;
        try {
            removed = retry.run("recording " + batch.size() + " deliveries", () -> deliveries.deleteClaimed(batch));
        } catch (RuntimeException e) {
            log.warn("{} deliveries went out but could not be recorded (challenge {} the first); each is taken over "
                    + "after its lease and repeated with the same reference: {}", batch.size(), batch.get(0).key(),
                    e.getClass().getSimpleName());
            removed = Set.of();
        }
        try {
            for (Claim<Delivery> claim : batch) {
                try {
                    recorder.recorded(claim, removed.contains(ClaimedRow.of(claim)));
                } catch (RuntimeException e) {
                    log.warn("The outcome of delivery {} could not be recorded: {}", claim.key(), e.toString());
                }
            }
        } finally {
            unrecorded.addAndGet(-batch.size());
        }
    }

    /**
     * How many deliveries the vendor took wait for their row's removal (queued, or in the statement under way): a few
     * under load; one that grows means the removals are slower than the deliveries (the database is slow).
     */
    int unrecorded() {
        return unrecorded.get();
    }

    /** Removes what is queued and stops; a delivery settled after this is removed on the thread that settles it. */
    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
            thread.shutdownNow();
        }
        removeQueued();
    }
}
