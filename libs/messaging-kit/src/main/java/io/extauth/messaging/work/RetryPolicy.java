package io.extauth.messaging.work;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter for transient failures (a vendor or SMTP server down), without a maximum number of
 * attempts: an outage of many minutes only delays. The n-th failed attempt waits {@code initial * multiplier^(n-1)},
 * capped at {@code max}, less a random share of at most {@code jitter} so that work failed together does not return
 * together.
 */
public record RetryPolicy(Duration initialInterval, double multiplier, Duration maxInterval, double jitter) {

    public RetryPolicy {
        if (initialInterval.isNegative() || initialInterval.isZero() || maxInterval.compareTo(initialInterval) < 0
                || multiplier < 1.0 || jitter < 0.0 || jitter > 1.0) {
            throw new IllegalArgumentException("Retry policy needs 0 < initial <= max, multiplier >= 1, 0 <= jitter <= 1");
        }
    }

    /** How long to wait after the given number of failed attempts, with a fresh random jitter. */
    public Duration delayAfter(int failedAttempts) {
        return delayAfter(failedAttempts, ThreadLocalRandom.current().nextDouble());
    }

    /** How long to wait after the given number of failed attempts; {@code random} is uniform in [0, 1). */
    public Duration delayAfter(int failedAttempts, double random) {
        double base = initialInterval.toMillis() * Math.pow(multiplier, Math.max(0, failedAttempts - 1));
        double capped = Math.min(base, maxInterval.toMillis());
        long millis = Math.round(capped * (1.0 - jitter * random));
        return Duration.ofMillis(Math.max(1, millis));
    }
}
