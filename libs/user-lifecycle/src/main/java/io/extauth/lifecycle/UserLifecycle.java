package io.extauth.lifecycle;

/** The rules of the per-user lifecycle: which trigger moves a user from which state to which. Stateless. */
public interface UserLifecycle {

    Transition fire(LifecycleState current, LifecycleTrigger trigger);

    /** The lifecycle every service and the audit tool use. */
    static UserLifecycle standard() {
        return StatemachineUserLifecycle.INSTANCE;
    }
}
