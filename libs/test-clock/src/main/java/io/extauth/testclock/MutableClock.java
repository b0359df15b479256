package io.extauth.testclock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * A clock the test moves forward. {@link #running()} is the system clock plus an offset: time keeps running, and
 * jumps when a test says so; there is one per test JVM, so a second service instance started in a test sees the same
 * time. {@link #stoppedAt(Instant)} stands still until the test advances it, for rules that count steps of time.
 */
public final class MutableClock extends Clock {

    private static final MutableClock RUNNING = new MutableClock(null);

    /** Null for the running clock: the system's time is the base. */
    private final @Nullable Instant start;
    private volatile Duration offset = Duration.ZERO;
    private volatile Runnable beforeAdvance = () -> {
    };

    private MutableClock(@Nullable Instant start) {
        this.start = start;
    }

    /** The system clock plus the offset the tests of this JVM moved it by. */
    public static MutableClock running() {
        return RUNNING;
    }

    /** A clock that stands at {@code start} and moves only when advanced. */
    public static MutableClock stoppedAt(Instant start) {
        return new MutableClock(start);
    }

    /**
     * Runs {@code check} before each later {@link #advance}, on the advancing thread, instead of the check given
     * before: a test base waits there for work of its service that a jump of time would overtake (a row whose lease
     * would seem to have run out while its work is still finishing).
     */
    public void beforeEachAdvance(Runnable check) {
        beforeAdvance = check;
    }

    public void advance(Duration by) {
        beforeAdvance.run();
        synchronized (this) {
            offset = offset.plus(by);
        }
    }

    @Override
    public Instant instant() {
        return (start == null ? Instant.now() : start).plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone.normalized())) {
            return this;
        }
        throw new UnsupportedOperationException("the services run in UTC");
    }
}
