package io.extauth.challenge.lockout;

import io.extauth.contract.ChallengeOutcome;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Five strikes: a success resets the count, a failure (wrong answer, declined, unanswered, expired) adds one, and the
 * failure that reaches {@code maxFailures} locks the user for {@code lockDuration}. Strikes count per user, across
 * portal and VPN.
 */
public record StrikeRules(int maxFailures, Duration lockDuration) {

    public StrikeRules {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1, was " + maxFailures);
        }
        if (lockDuration.isNegative() || lockDuration.isZero()) {
            throw new IllegalArgumentException("lockDuration must be positive, was " + lockDuration);
        }
    }

    /** What a decision does to the user's strikes. */
    public record Decision(ChallengeOutcome outcome, int consecutiveFailures, int remainingAttempts,
            @Nullable Instant lockedUntil) {

        public boolean locks() {
            return outcome == ChallengeOutcome.LOCKED_OUT;
        }
    }

    public Decision success() {
        return new Decision(ChallengeOutcome.SUCCEEDED, 0, maxFailures, null);
    }

    /** A wrong or refused answer ({@code expired} false) or no answer in time ({@code expired} true). */
    public Decision failure(int consecutiveFailures, boolean expired, Instant now) {
        int failures = consecutiveFailures + 1;
        if (failures >= maxFailures) {
            return new Decision(ChallengeOutcome.LOCKED_OUT, failures, 0, now.plus(lockDuration));
        }
        return new Decision(expired ? ChallengeOutcome.EXPIRED : ChallengeOutcome.FAILED, failures,
                maxFailures - failures, null);
    }

    /** A challenge asked for while locked: no call, no strike. */
    public Decision rejectedWhileLocked(int consecutiveFailures, @Nullable Instant lockedUntil) {
        return new Decision(ChallengeOutcome.REJECTED_LOCKED, consecutiveFailures, 0, lockedUntil);
    }
}
