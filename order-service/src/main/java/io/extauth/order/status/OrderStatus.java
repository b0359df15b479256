package io.extauth.order.status;

import java.util.Optional;

/**
 * Where an order stands. An order is live from acceptance until it is deactivated or fails; a user has at most one
 * live order. Events from other services arrive on several topics, so they may overtake each other: a change that
 * does not fit the current status (a late {@code Provisioned} for an order already active) leaves it as it is.
 */
public enum OrderStatus {
    ACCEPTED,
    PROVISIONED,
    ACTIVE,
    LOCKED,
    REJECTED,
    PROVISIONING_FAILED,
    DEACTIVATED;

    /** What other services report about an order. */
    public enum Change {
        PROVISIONED,
        PROVISIONING_FAILED,
        ACTIVATED,
        DEACTIVATED
    }

    public boolean isLive() {
        return this == ACCEPTED || this == PROVISIONED || this == ACTIVE || this == LOCKED;
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
