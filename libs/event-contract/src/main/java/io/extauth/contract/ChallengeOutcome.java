package io.extauth.contract;

/** How a challenge was decided. */
public enum ChallengeOutcome {
    SUCCEEDED,
    FAILED,
    LOCKED_OUT,
    REJECTED_LOCKED,
    EXPIRED,
    /** The vendor could not be reached: the user was never called, texted or pushed; no strike. */
    NOT_DELIVERED
}
