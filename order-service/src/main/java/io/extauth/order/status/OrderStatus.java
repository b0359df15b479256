package io.extauth.order.status;

import java.util.Optional;

/**
 * Where an order stands. An order is live from acceptance until it is cancelled, deactivated or fails; a user has at
 * most one live order. Events from other services arrive on several topics, so they may overtake each other: a change that
 * does not fit the current status (a late {@code Provisioned} for an order already active) leaves it as it is.
 */
public enum OrderStatus {
    ACCEPTED,
    PROVISIONED,
    ACTIVE,
    LOCKED,
    REJECTED,
    PROVISIONING_FAILED,
    DEACTIVATED,
    CANCELLED;

    /** What other services report about an order. */
    public enum Change {
        PROVISIONED,
        PROVISIONING_FAILED,
        ACTIVATED,
        DEACTIVATED
    }

    /** What a request to cancel an order in this status comes to. */
    public enum Cancellation {
        /** Not provisioned yet: the order is cancelled now. */
        CANCEL,
        /** Cancelled before: nothing more to do, the answer is the same. */
        ALREADY_CANCELLED,
        /** The vendor has set the user up: too late to cancel, deactivate instead. */
        DEACTIVATE_INSTEAD,
        /** Rejected, failed or deactivated: there is nothing left to cancel. */
        NOTHING_TO_CANCEL
    }

    public boolean isLive() {
        return this == ACCEPTED || this == PROVISIONED || this == ACTIVE || this == LOCKED;
    }

    /** An order can be cancelled until it is provisioned. */
    public Cancellation cancellation() {
        return switch (this) {
            case ACCEPTED -> Cancellation.CANCEL;
            case CANCELLED -> Cancellation.ALREADY_CANCELLED;
            case PROVISIONED, ACTIVE, LOCKED -> Cancellation.DEACTIVATE_INSTEAD;
            case REJECTED, PROVISIONING_FAILED, DEACTIVATED -> Cancellation.NOTHING_TO_CANCEL;
        };
    }

    /** The status after the change, or empty when the change does not apply to an order in this status. */
    public Optional<OrderStatus> after(Change change) {
        OrderStatus next = switch (change) {
            case PROVISIONED -> this == ACCEPTED ? PROVISIONED : null;
            case PROVISIONING_FAILED -> this == ACCEPTED ? PROVISIONING_FAILED : null;
            // ACCEPTED too: Activated (auth.activated) may overtake Provisioned (auth.provisioned)
            case ACTIVATED -> this == ACCEPTED || this == PROVISIONED || this == LOCKED ? ACTIVE : null;
            case DEACTIVATED -> isLive() ? DEACTIVATED : null;
        };
        return Optional.ofNullable(next);
    }
}
