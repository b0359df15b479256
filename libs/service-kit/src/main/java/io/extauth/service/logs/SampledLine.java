package io.extauth.service.logs;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A log line for something a caller can cause at the rate of its requests (a refused callback, a refused vendor call):
 * written at most once per {@code every}, with how many times it happened since the last one, instead of once each.
 * Counting what happened is for metrics; the line says that it happens, and a flood of them would fill the disk and
 * bury every other line.
 */
public final class SampledLine {

    private final long everyNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong sinceLine = new AtomicLong();
    private final AtomicLong nextLine;

    public SampledLine(Duration every) {
        this(every, System::nanoTime);
    }

    SampledLine(Duration every, LongSupplier nanoTime) {
        this.everyNanos = every.toNanos();
        this.nanoTime = nanoTime;
        this.nextLine = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * Counts one more; the number since the last line (this one included) when a line is due now, which the caller
     * then writes, empty when it is not.
     */
    public OptionalLong happened() {
        sinceLine.incrementAndGet();
        long now = nanoTime.getAsLong();
        long next = nextLine.get();
        if (now - next >= 0 && nextLine.compareAndSet(next, now + everyNanos)) {
            return OptionalLong.of(sinceLine.getAndSet(0));
        }
        return OptionalLong.empty();
    }
}
