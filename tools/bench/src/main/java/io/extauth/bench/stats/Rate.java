package io.extauth.bench.stats;

/** Per-second rates from counts and nanosecond spans. */
public final class Rate {

    private Rate() {
    }

    public static double perSecond(long count, long nanos) {
        return nanos <= 0 ? 0 : count * 1e9 / nanos;
    }

    /** {@code value} as a share of {@code baseline}, or null when there is no baseline to compare with. */
    public static Double share(double value, double baseline) {
        return baseline > 0 ? value / baseline : null;
    }
}
