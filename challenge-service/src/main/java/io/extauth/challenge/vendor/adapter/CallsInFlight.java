package io.extauth.challenge.vendor.adapter;

import io.micrometer.core.instrument.Counter;
import java.util.concurrent.Semaphore;

/**
 * One vendor's bulkhead on this instance: at most {@link #limit()} of its calls at once. A call beyond it is not made
 * and fails at once as {@link CallLimitReachedException}, which every caller already answers as the vendor being
 * unavailable: {@code 503 vendor-unavailable} with {@code Retry-After}, nothing changed and no strike. The calls block
 * the threads that make them (request threads, mostly), so without the bound a vendor that hangs would hold a thread
 * per call for up to its timeouts, until every request thread of the instance waits on it and the other vendor's
 * logins, the callbacks and the admins' unlocks wait behind them.
 * <p>
 * A permit is taken before the request is sent and given back when its answer is closed, or when it failed: the
 * vendor never saw a call this refused.
 */
public final class CallsInFlight {

    private final String vendor;
    private final String setting;
    private final int limit;
    private final Semaphore permits;
    private final Counter refused;

    CallsInFlight(String vendor, String setting, int limit, Counter refused) {
        this.vendor = vendor;
        this.setting = setting;
        this.limit = limit;
        this.permits = new Semaphore(limit);
        this.refused = refused;
    }

    /** Takes a permit, or refuses the call: the vendor already has {@link #limit()} calls of this instance. */
    void take() {
        if (!permits.tryAcquire()) {
            throw refusal();
        }
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

    private CallLimitReachedException refusal() {
        refused.increment();
        return new CallLimitReachedException(vendor + " already has " + limit + " calls in flight from this "
                + "instance (" + setting + "): this one was not made");
    }

    /** Gives back a permit {@link #take()} took; exactly once per permit. */
    void giveBack() {
        permits.release();
    }

    public int limit() {
        return limit;
    }

    /** The calls under way now. */
    public int inFlight() {
        return limit - permits.availablePermits();
    }
}
