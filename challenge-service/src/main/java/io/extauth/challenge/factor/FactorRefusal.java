package io.extauth.challenge.factor;

/**
 * A transition the user's factor refuses, as an exception for callers that cannot go on without it. Plain Java: the web
 * edge alone maps the {@link Reason} to a problem (its {@code code} is the problem's last path segment).
 */
public class FactorRefusal extends RuntimeException {

    /** Why a transition was refused. */
    public enum Reason {
        /** Settings and activation wait for the provisioning. */
        NOT_PROVISIONED("not-provisioned"),
        /** Switched off: an admin must order it again. */
        DEACTIVATED("deactivated"),
        /** The user's factor is of another type. */
        WRONG_TYPE("wrong-type"),
        /** Activated already. */
        ALREADY_ACTIVE("already-active"),
        /** The lifecycle refuses the trigger from where the user stands. */
        NOT_ALLOWED("not-activatable"),
        /** The order is the user's current one already: read again, it changes nothing. */
        SAME_ORDER("same-order"),
        /** The order was placed before the user's current one: an ended order read again, changing nothing. */
        STALE_ORDER("stale-order"),
        /** The event is about another order than the user's current one. */
        OTHER_ORDER("other-order"),
        /** The order was cancelled before it was read: an {@code AuthOrdered} replayed after its cancellation. */
        CANCELLED_BEFORE("cancelled-before"),
        /** The order this event is about has not been seen yet (the topics are separate). */
        ORDER_NOT_YET_SEEN("order-not-yet-seen"),
        /** The user set status INACTIVE: challenges wait until it is ACTIVE again. */
        SUSPENDED("suspended"),
        /** An admin reset the PIN the method needs: challenges wait for a new one. */
        PIN_REQUIRED("pin-required");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public FactorRefusal(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
