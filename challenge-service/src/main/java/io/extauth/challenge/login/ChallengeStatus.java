package io.extauth.challenge.login;

import io.extauth.contract.ChallengeOutcome;

/** Where a challenge stands: PENDING until decided, once. */
public enum ChallengeStatus {
    PENDING,
    SUCCEEDED,
    FAILED,
    EXPIRED,
    LOCKED_OUT;

    public static ChallengeStatus of(ChallengeOutcome outcome) {
        return switch (outcome) {
            case SUCCEEDED -> SUCCEEDED;
            case FAILED -> FAILED;
            case EXPIRED -> EXPIRED;
            case LOCKED_OUT, REJECTED_LOCKED -> LOCKED_OUT;
        };
    }
}
