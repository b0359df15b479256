package io.extauth.challenge.login;

import io.extauth.contract.ChallengeOutcome;

/** Where a challenge stands: PENDING until decided, once. */
public enum ChallengeStatus {
    PENDING,
    SUCCEEDED,
    FAILED,
    EXPIRED,
    LOCKED_OUT,
    /** The vendor could not be reached: the user was never contacted; no strike. */
    NOT_DELIVERED;

    public static ChallengeStatus of(ChallengeOutcome outcome) {
        return switch (outcome) {
            case SUCCEEDED -> SUCCEEDED;
            case FAILED -> FAILED;
            case EXPIRED -> EXPIRED;
            case LOCKED_OUT, REJECTED_LOCKED -> LOCKED_OUT;
            case NOT_DELIVERED -> NOT_DELIVERED;
        };
    }
}
