package io.extauth.contract;

/** How a challenge was decided. */
public enum ChallengeOutcome {
    SUCCEEDED,
    FAILED,
    LOCKED_OUT,
    REJECTED_LOCKED,
    EXPIRED
}
