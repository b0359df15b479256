package io.extauth.contract;

/** How a challenge was decided. */
public enum ChallengeOutcome {
    SUCCEEDED,
    FAILED,
    LOCKED_OUT,
    REJECTED_LOCKED,
    EXPIRED,
    /** The vendor could not be reached: the user was never called, texted or pushed; no strike. */
    NOT_DELIVERED,
    /**
     * Withdrawn while open: the factor's way of reaching or checking the user changed (a phone replaced, the method,
     * the PIN reset or changed, challenges suspended); no answer to it counts; no strike.
     */
    WITHDRAWN
}
