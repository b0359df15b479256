package io.extauth.lifecycle;

/** Where a user's external authentication stands. */
public enum LifecycleState {
    NONE,
    ORDERED,
    PROVISIONED,
    ACTIVE,
    LOCKED,
    DEACTIVATED;

    /**
     * A live factor: ordered, provisioned, active or locked. order-service refuses a second order while one is live;
     * a new order read here all the same takes its place (the lifecycle's ORDER says when that happens).
     */
    public boolean isLive() {
        return this == ORDERED || this == PROVISIONED || this == ACTIVE || this == LOCKED;
    }
}
