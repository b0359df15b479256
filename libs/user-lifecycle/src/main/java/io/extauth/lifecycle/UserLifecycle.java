package io.extauth.lifecycle;

/**
 * The rules of the per-user lifecycle: which trigger moves a user from which state to which, and the strike rule
 * (the failure that reaches {@link #maxFailures()} locks an active user). Stateless and safe to share: the owner
 * persists the {@link Standing} and hands it back.
 */
public interface UserLifecycle {

    /** The threshold the services use unless configured otherwise. */
    int DEFAULT_MAX_FAILURES = 5;

    Transition fire(Standing current, LifecycleTrigger trigger);

    /** For triggers that do not depend on strikes: as from {@code current} with none counted. */
    default Transition fire(LifecycleState current, LifecycleTrigger trigger) {
        return fire(Standing.of(current), trigger);
    }

    /** The consecutive failure that locks. */
    int maxFailures();

    /** The lifecycle every service and the audit tool use: five strikes. */
    static UserLifecycle standard() {
        return StatemachineUserLifecycle.STANDARD;
    }

    /** The lifecycle with another threshold (configuration); built once per threshold and kept. */
    static UserLifecycle withStrikeLimit(int maxFailures) {
        return StatemachineUserLifecycle.withStrikeLimit(maxFailures);
    }
}
