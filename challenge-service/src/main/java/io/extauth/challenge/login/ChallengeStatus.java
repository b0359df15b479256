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
    NOT_DELIVERED,
    /** The factor's way of reaching or checking the user changed while it was open; no strike. */
    WITHDRAWN;

    public static ChallengeStatus of(ChallengeOutcome outcome) {
        return switch (outcome) {
            case SUCCEEDED -> SUCCEEDED;
            case FAILED -> FAILED;
            case EXPIRED -> EXPIRED;
            case LOCKED_OUT, REJECTED_LOCKED -> LOCKED_OUT;
            case NOT_DELIVERED -> NOT_DELIVERED;
            case WITHDRAWN -> WITHDRAWN;
        };
    }
}
