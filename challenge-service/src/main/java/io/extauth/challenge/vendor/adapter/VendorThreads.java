package io.extauth.challenge.vendor.adapter;

import io.extauth.messaging.tracing.EventTracing;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The threads on which a request's work with one vendor runs — the call and what is recorded of its answer — so that
 * the request's own thread is free while the vendor answers: the request is answered asynchronously when that work
 * ends. Request threads then wait only for the database, and the service needs few of them; a vendor that hangs holds
 * these threads, never the ones the other vendor's logins, the callbacks and the admins' unlocks need.
 * <p>
 * As much work at once as the vendor's {@link CallsInFlight} bound, on as many threads, made as work comes (one idle
 * for {@value #IDLE_SECONDS} s ends) and named {@code call-<vendor>-<n>}. No work waits behind a vendor that hangs:
 * with the bound's worth under way the next is refused at once, as the bound refuses a call
 * ({@link CallLimitReachedException}, counted and logged by the bound), and the caller answers {@code 503} with
 * nothing changed. The work runs in the trace context of the
 * thread that handed it over, so the vendor still gets the request's {@code traceparent}.
 */
public final class VendorThreads {

    static final int IDLE_SECONDS = 60;

    private final CallsInFlight calls;
    private final EventTracing tracing;
    /** A place per piece of work, taken before it is handed over and given back once its future is completed. */
    private final Semaphore places;
    private final ThreadPoolExecutor executor;

    VendorThreads(String vendor, CallsInFlight calls, EventTracing tracing) {
        this.calls = calls;
        this.tracing = tracing;
        this.places = new Semaphore(calls.limit());
        AtomicInteger made = new AtomicInteger();
        // the queue never holds more than the places allow; it lets a thread that has just finished take the next
        // piece of work, where a hand-off queue would refuse it until that thread was back waiting
        this.executor = new ThreadPoolExecutor(calls.limit(), calls.limit(), IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), work -> {
                    Thread thread = new Thread(work, "call-" + vendor + "-" + made.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code work} on one of these threads; its result, or what it threw, completes the future.
     *
     * @throws CallLimitReachedException as much work as the bound is under way: nothing was run
     */
    public <T> CompletableFuture<T> supply(Supplier<T> work) {
        if (!places.tryAcquire()) {
            throw calls.refusal();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable task = tracing.inThisTraceContext(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            } finally {
                places.release();
            }
        });
        try {
            executor.execute(task);
        } catch (RejectedExecutionException shutDown) {
            places.release();
            throw calls.refusal();
        }
        return result;
    }

    /**
     * Refuses now, as {@link #supply} would, when as much work as the bound is under way; a hint asked before anything
     * is recorded for the work, as {@link CallsInFlight#refuseIfFull()} is.
     */
    public void refuseIfFull() {
        if (places.availablePermits() == 0) {
            throw calls.refusal();
        }
    }

    /** The work under way now. */
    int busy() {
        return calls.limit() - places.availablePermits();
    }

    /** Takes no more work and waits a while for what is under way (its vendor's timeouts end it in any case). */
    void shutdown(Duration wait) throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    }
}
