package io.extauth.challenge.contact;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Sliding-window limits: at most {@code max} contacts in any {@code window}. When the window is full, the wait is until
 * the oldest contact that has to leave it does, so a caller told "retry after n seconds" is not refused again then.
 */
public final class ContactLimitRules {

    private ContactLimitRules() {
    }

    /** At most {@code max} contacts in any {@code window}. */
    public record Limit(int max, Duration window) {

        public Limit {
            if (max < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("a contact limit needs max >= 1 and a positive window, not " + max
                        + " per " + window);
            }
        }
    }

    /**
     * How long until one more contact fits, or empty when it fits now. {@code recent} are the times of the contacts
     * counted so far, newest first (older ones than the window are ignored; {@code max} of them are enough).
     */
    public static Optional<Duration> waitBeforeNext(Limit limit, List<Instant> recent, Instant now) {
        Instant windowStart = now.minus(limit.window());
        List<Instant> inWindow = recent.stream().filter(at -> at.isAfter(windowStart)).sorted((a, b) -> b.compareTo(a))
                .toList();
        if (inWindow.size() < limit.max()) {
            return Optional.empty();
        }
        Instant mustLeave = inWindow.get(limit.max() - 1);
        Duration wait = Duration.between(now, mustLeave.plus(limit.window()));
        return Optional.of(wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
    }

    /** {@code Retry-After} in whole seconds, rounded up: never earlier than the window frees, never 0. */
    public static long retryAfterSeconds(Duration wait) {
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
