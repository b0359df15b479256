package io.extauth.challenge.contact;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
     * Which contact has to leave the window before one more fits: the {@code max}-th newest of those in it, so the
     * store is asked for the one row at this offset of the newest first ({@code OFFSET max - 1 LIMIT 1}), however
     * many contacts the window holds and however high the limit is set.
     */
    public static int mustLeaveOffset(Limit limit) {
        return limit.max() - 1;
    }

    /**
     * How long until one more contact fits, or empty when it fits now. {@code mustLeave} is the contact that has to
     * leave the window first ({@link #mustLeaveOffset}): {@code null} when the window holds fewer than {@code max}.
     */
    public static Optional<Duration> waitBeforeNext(Limit limit, @Nullable Instant mustLeave, Instant now) {
        if (mustLeave == null || !mustLeave.isAfter(now.minus(limit.window()))) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, mustLeave.plus(limit.window())));
    }

    /** {@code Retry-After} in whole seconds, rounded up: never earlier than the window frees, never 0. */
    public static long retryAfterSeconds(Duration wait) {
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
