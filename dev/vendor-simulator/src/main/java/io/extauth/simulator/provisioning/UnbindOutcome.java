package io.extauth.simulator.provisioning;

/** What removing a VIP credential from a user did. */
enum UnbindOutcome {

    /** The user held it: it is free now. */
    UNBOUND,
    /** Nobody held it: nothing to do (a removal repeated). */
    NOT_BOUND,
    /** Another user holds it: left to them. */
    BOUND_ELSEWHERE
}
