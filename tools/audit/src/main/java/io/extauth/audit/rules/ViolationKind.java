package io.extauth.audit.rules;

/** What the audit checks, one kind per way a history can break the contract's guarantees. */
public enum ViolationKind {
    ACTIVATION_WITHOUT_PROVISIONING("an Activated that does not follow a Provisioned of the user's order"),
    PROVISIONING_EMAIL_MISSING("a Provisioned without its provisioning e-mail"),
    PROVISIONING_EMAIL_DUPLICATED("a Provisioned with more than one provisioning e-mail"),
    DUPLICATE_EVENT_ID("one event id carrying two different events"),
    LOCKOUT_NOT_AT_FIFTH_FAILURE("a lockout that did not happen exactly at the fifth consecutive failure "
            + "(the max-failures-th)"),
    SUCCEEDED_WHILE_LOCKED("a challenge that succeeded while the user was locked"),
    LOCK_ENDED_EARLY("a lock ended by the timer before its lockedUntil"),
    STRIKE_COUNT_MISMATCH("a strike whose consecutiveFailures is not the audit's count of the streak"),
    CHALLENGE_WITHOUT_RESULT("a ChallengeIssued that was never decided"),
    CHALLENGE_DECIDED_TWICE("a ChallengeIssued with more than one ChallengeResult"),
    RESULT_WITHOUT_CHALLENGE("a ChallengeResult for a challenge that was never issued"),
    ORDER_UNANSWERED("an OrderPlaced with neither AuthOrdered, OrderRejected nor a dead letter"),
    ORDER_ANSWERED_TWICE("an OrderPlaced answered more than once");

    private final String description;

    ViolationKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
