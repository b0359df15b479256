package io.extauth.service.input;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Room for request bodies not all there when their request is handled. The servlet container reads a body on a request
 * thread and waits for it there; a caller who sends the headers and then the body slowly, or never, would hold that
 * thread for as long as it likes. A body that is all there when its request reaches the service needs no room; one
 * that is not waits for the rest only in one of a few places, and only until the deadline.
 */
public final class LateBodies {

    /** What became of a late body. */
    public enum Outcome {
        /** read whole within the deadline, then handled as any other request */
        READ,
        /** no place came free within the place wait: answered 503, unread */
        REFUSED,
        /** not whole by the deadline, or a read that waited the read timeout for nothing: answered 408 */
        TOO_SLOW,
        /** ended before its declared length, or malformed chunks: answered 400 */
        BROKEN;

        /** The outcome as metrics and logs name it. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final int places;
    private final Semaphore free;
    private final Duration placeWait;
    private final Duration deadline;
    private final Consumer<Outcome> counter;

    /**
     * @param places    how many late bodies one instance waits for at once; one more is answered 503
     * @param placeWait how long a late body waits for a place to come free before that 503: a burst of bodies that
     *                  come a moment after their headers (the JDK's client writes them apart) each holds a place for
     *                  that moment only, while a caller who holds every place holds up another request this long
     * @param deadline  how long a late body may take, counted from the request's arrival at the filter
     * @param counter   told each late body's outcome
     */
    public LateBodies(int places, Duration placeWait, Duration deadline, Consumer<Outcome> counter) {
        if (places < 1 || placeWait.isNegative() || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("extauth.http.late-bodies and extauth.http.late-body-deadline must be "
                    + "positive, extauth.http.late-body-place-wait not negative");
        }
        this.places = places;
        this.free = new Semaphore(places);
        this.placeWait = placeWait;
        this.deadline = deadline;
        this.counter = counter;
    }

    /** Takes a place for one late body, waiting at most the place wait for one to come free. A refusal is counted. */
    boolean tryEnter() {
        try {
            if (free.tryAcquire(placeWait.toNanos(), TimeUnit.NANOSECONDS)) {
                return true;
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        counter.accept(Outcome.REFUSED);
        return false;
    }

    /** Gives the place back, counting how the body ended. */
    void leave(Outcome outcome) {
        free.release();
        counter.accept(outcome);
    }

    Duration deadline() {
        return deadline;
    }

    /** How many late bodies are being waited for now. */
    public int waiting() {
        return places - free.availablePermits();
    }
}
