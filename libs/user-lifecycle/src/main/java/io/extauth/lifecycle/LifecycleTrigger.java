package io.extauth.lifecycle;

/** What can happen to a user's external authentication. */
public enum LifecycleTrigger {
    /** An order was accepted ({@code AuthOrdered}). */
    ORDER,
    /** The vendor provisioned it ({@code Provisioned}). */
    PROVISION,
    /** The vendor refused for good ({@code ProvisioningFailed}); a new order may follow. */
    PROVISIONING_FAIL,
    /** The order was cancelled before provisioning; a new order may follow. */
    CANCEL,
    /** The user activated it ({@code Activated}). */
    ACTIVATE,
    /** A passed challenge: the strikes are forgotten. Only an active user is challenged. */
    SUCCEED,
    /**
     * A failed challenge (wrong, refused, unanswered, expired): one strike; the one that reaches the threshold locks
     * the user. Only an active user is challenged.
     */
    FAIL,
    /** Locked at once, whatever the count: the user reported a challenge as fraud. */
    LOCK,
    /** The lock ended by timer or by an admin ({@code Unlocked}). */
    UNLOCK,
    /** An admin switched it off ({@code Deactivated}). */
    DEACTIVATE
}
