package io.extauth.challenge.vendor.adapter;

import io.extauth.messaging.tracing.EventTracing;
import io.extauth.service.logs.SampledLine;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One vendor's bulkhead on this instance: at most {@link #limit()} of its calls at once. A call beyond it is not made
 * and fails at once as {@link CallLimitReachedException}, which every caller already treats as the vendor being out
 * of reach: a request answers {@code 503 vendor-unavailable} with {@code Retry-After}, nothing changed and no strike;
 * the expiry timer holds its decision and asks later; a delivery taken over ends {@code NOT_DELIVERED}; a
 * cancellation is counted as failed. The calls block the threads that make them: a request's on this vendor's own
 * {@link #threads()}, a worker's or timer's on that thread. Without the bound a vendor that hangs would hold a thread
 * per call for up to its timeouts, as many as callers came.
 * <p>
 * A permit is taken before the request is sent and given back when its answer is closed, or when it failed: the
 * vendor never saw a call this refused. Refusals are counted ({@code extauth.vendor.calls.refused}) and logged at most
 * once every {@value #WARNING_EVERY_SECONDS} s with their number, not once per call: while a vendor hangs they come
 * as fast as requests do.
 */
public final class CallsInFlight {

    static final int WARNING_EVERY_SECONDS = 10;

    private static final Logger log = LoggerFactory.getLogger(CallsInFlight.class);

    private final String vendor;
    private final String setting;
    private final int limit;
    private final Semaphore permits;
    private final Counter refused;
    private final SampledLine warning = new SampledLine(Duration.ofSeconds(WARNING_EVERY_SECONDS));
    private final VendorThreads threads;

    CallsInFlight(String vendor, String setting, int limit, Counter refused, EventTracing tracing) {
        this.vendor = vendor;
        this.setting = setting;
        this.limit = limit;
        this.permits = new Semaphore(limit);
        this.refused = refused;
        this.threads = new VendorThreads(vendor, this, tracing);
    }

    /** The threads a request's work with this vendor runs on, as many as the bound. */
    public VendorThreads threads() {
        return threads;
    }

    /** Takes a permit, or refuses the call: the vendor already has {@link #limit()} calls of this instance. */
    void take() {
        if (!permits.tryAcquire()) {
            throw refusal();
        }
    }

    /** Gives back a permit {@link #take()} took; exactly once per permit. */
    void giveBack() {
        permits.release();
    }

    /**
     * Refuses a call now, as {@link #take()} would, when no permit is free; takes none. Only a hint, since another
     * thread may take the last permit after it, but a vendor that hangs keeps its bound full: asked before any work
     * is done for a call, it spares what would be recorded for a call refused unmade.
     */
    public void refuseIfFull() {
        if (permits.availablePermits() == 0) {
            throw refusal();
        }
    }

    int limit() {
        return limit;
    }

    /** The calls under way now. */
    int inFlight() {
        return limit - permits.availablePermits();
    }

    /** A refusal of a call not made, counted and logged as every refusal of the bound is. */
    CallLimitReachedException refusal() {
        refused.increment();
        warning.happened().ifPresent(since -> log.warn("{} call(s) to {} refused unmade since the last such line: its "
                + "{} calls in flight from this instance ({}) were all under way; the vendor hangs or is slow, or the "
                + "bound is too low for the load", since, vendor, limit, setting));
        return new CallLimitReachedException(vendor + " already has " + limit + " calls in flight from this "
                + "instance (" + setting + "): this one was not made");
    }
}
