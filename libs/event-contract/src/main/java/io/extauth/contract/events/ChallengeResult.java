package io.extauth.contract.events;

import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.LoginChannel;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** How one challenge was decided, and where the user stands with strikes and lockout. */
public record ChallengeResult(String accountId, String userId, String challengeId, LoginChannel channel,
        ChallengeOutcome outcome, int consecutiveFailures, int remainingAttempts, @Nullable Instant lockedUntil,
        Instant decidedAt) implements ExtauthEvent {
}
