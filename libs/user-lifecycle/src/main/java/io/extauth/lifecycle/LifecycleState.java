package io.extauth.lifecycle;

/** Where a user's external authentication stands. */
public enum LifecycleState {
    NONE,
    ORDERED,
    PROVISIONED,
    ACTIVE,
    LOCKED,
    DEACTIVATED;

    /** A live factor blocks a second order: ordered, provisioned, active or locked. */
    public boolean isLive() {
        return this == ORDERED || this == PROVISIONED || this == ACTIVE || this == LOCKED;
    }
}
