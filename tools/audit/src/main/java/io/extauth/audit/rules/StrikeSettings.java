package io.extauth.audit.rules;

import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.lifecycle.UserLifecycle;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The strike rules challenge-service ran with, which the audit cannot read from the topics and must be told
 * ({@code ./extauth audit --max-failures --counter-reset-window}): challenge-service's
 * {@code extauth.lockout.max-failures} (the consecutive failure that locks) and
 * {@code extauth.lockout.counter-reset-window} (after that long without a failure the count starts again; zero: never).
 * The defaults are the service's.
 */
public record StrikeSettings(int maxFailures, Duration counterResetWindow) {

    /** challenge-service's defaults: five strikes, no counter-reset window. */
    public static final StrikeSettings DEFAULTS = new StrikeSettings(UserLifecycle.DEFAULT_MAX_FAILURES, Duration.ZERO);

    public StrikeSettings {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("max-failures must be at least 1, was " + maxFailures);
        }
        if (counterResetWindow.isNegative()) {
            throw new IllegalArgumentException("counter-reset-window must not be negative, was " + counterResetWindow);
        }
    }

    /**
     * Whether the strikes counted up to the failure at {@code lastFailureAt} no longer count at {@code now}: as
     * challenge-service's {@code StrikeRules.counted}, the window has passed when {@code lastFailureAt + window} is
     * not after {@code now}.
     */
    public boolean windowPassed(@Nullable Instant lastFailureAt, Instant now) {
        return !counterResetWindow.isZero() && lastFailureAt != null
                && !lastFailureAt.plus(counterResetWindow).isAfter(now);
    }

    /**
     * When the result was decided, the time challenge-service counts the window from and to ({@code decidedAt}, its
     * {@code now} of the decision); the event's time for a result without one.
     */
    static Instant decidedAt(AuditEvent event, ChallengeResult result) {
        return result.decidedAt() != null ? result.decidedAt() : event.time();
    }

    /**
     * Whether a result is a {@code FAILED} decided without a strike: challenge-service fails the open challenges of a
     * user who is no longer active (deactivated, or ordered again: {@code DecisionRules}), counting nothing, and
     * says so with {@code consecutiveFailures} 0 and {@code remainingAttempts} 0 (the user has no strikes then: a
     * deactivation and a new order clear them). A strike is never that: its {@code consecutiveFailures} is at least
     * 1, and a {@code FAILED} that does not lock leaves at least one attempt. The shape alone excuses nothing: the
     * replay counts it as no strike only where the user was no longer active ({@link LifecycleReplay}).
     */
    static boolean failedWithoutStrike(ChallengeResult result) {
        return result.outcome() == ChallengeOutcome.FAILED && result.consecutiveFailures() == 0
                && result.remainingAttempts() == 0;
    }

    /** "fifth" for 5: how the explanations name the locking failure. */
    String lockingFailure() {
        return ordinal(maxFailures);
    }

    static String ordinal(int n) {
        String[] words = {"zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                "ninth", "tenth", "eleventh", "twelfth"};
        if (n >= 0 && n < words.length) {
            return words[n];
        }
        int lastTwo = n % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }
}
