package io.extauth.bench.stats;

import org.HdrHistogram.Histogram;

/** Percentiles of one latency distribution, in milliseconds; {@code count} 0 means nothing was measured. */
public record Latency(long count, double p50Ms, double p99Ms, double p999Ms, double maxMs, double meanMs) {

    public static final Latency NONE = new Latency(0, 0, 0, 0, 0, 0);

    /** From a histogram recorded in microseconds. */
    public static Latency ofMicros(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return NONE;
        }
        return new Latency(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()),
                micros.getMean() / 1000.0);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
