package io.extauth.contract.events;

import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.LoginChannel;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How one challenge was decided, and where the user stands with strikes and lockout. {@code orderId}: the order the
 * user's factor came from, on a lockout (whose mail goes to that order's contact); absent otherwise and in events
 * written before it was added.
 */
public record ChallengeResult(String accountId, String userId, String challengeId, LoginChannel channel,
        ChallengeOutcome outcome, int consecutiveFailures, int remainingAttempts, @Nullable Instant lockedUntil,
        Instant decidedAt, @Nullable String orderId) implements ExtauthEvent {

    /** Without the order (as events were before {@code orderId} was added). */
    public ChallengeResult(String accountId, String userId, String challengeId, LoginChannel channel,
            ChallengeOutcome outcome, int consecutiveFailures, int remainingAttempts, @Nullable Instant lockedUntil,
            Instant decidedAt) {
        this(accountId, userId, challengeId, channel, outcome, consecutiveFailures, remainingAttempts, lockedUntil,
                decidedAt, null);
    }
}
