package io.extauth.bench.stats;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Records latencies from any thread, in microseconds from 1 µs to 10 minutes at three significant digits. */
public final class LatencyRecorder {

    private static final long HIGHEST = TimeUnit.MINUTES.toMicros(10);

    private final Histogram micros = new ConcurrentHistogram(1, HIGHEST, 3);

    /** One latency between two {@link System#nanoTime()} readings; longer than the range counts as the range. */
    public void record(long startNanos, long endNanos) {
        long value = Math.max(1, TimeUnit.NANOSECONDS.toMicros(endNanos - startNanos));
        micros.recordValue(Math.min(value, HIGHEST));
    }

    public long count() {
        return micros.getTotalCount();
    }

    public Latency latency() {
        // a copy: reading percentiles while the tail thread records would throw ConcurrentModificationException
        return Latency.ofMicros(micros.copy());
    }
}
