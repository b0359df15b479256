package io.extauth.challenge.factor;

import io.extauth.contract.AuthType;
import io.extauth.lifecycle.LifecycleState;
import java.util.Optional;

/**
 * Provisioning before activation, in one place: the PhoneFactor settings and both activations (PhoneFactor by saving
 * status ACTIVE, Symantec by a security code) need a provisioned factor of their type. The lifecycle machine refuses
 * ACTIVATE from any state but PROVISIONED as the last line; this guard gives the user the reason first.
 */
public final class ActivationGuard {

    static final String WAIT_FOR_PROVISIONING = "External authentication for this user is not provisioned yet. "
            + "Check that the provisioning e-mail has arrived; if it has not, wait for it and try again. "
            + "If it has arrived and this section is still unavailable, contact support.";

    static final String NOT_ORDERED = "External authentication is not ordered for this user: it never was, or its "
            + "order was cancelled or failed at the vendor. If it was ordered just now, try again in a moment; "
            + "otherwise an admin must order it before it can be set up.";

    private ActivationGuard() {
    }

    /** Why settings or activation of {@code type} cannot start from here, or empty when they can. */
    public static Optional<FactorRefusal> refusal(UserFactor factor, AuthType type) {
        if (factor.state() == LifecycleState.NONE) {
            // no provisioning e-mail is coming: never ordered, or its order was cancelled or failed at the vendor
            return Optional.of(new FactorRefusal(FactorRefusal.Reason.NOT_PROVISIONED, NOT_ORDERED));
        }
        if (factor.state() == LifecycleState.ORDERED) {
            return Optional.of(new FactorRefusal(FactorRefusal.Reason.NOT_PROVISIONED, WAIT_FOR_PROVISIONING));
        }
        if (factor.state() == LifecycleState.DEACTIVATED) {
            return Optional.of(new FactorRefusal(FactorRefusal.Reason.DEACTIVATED, "External authentication for this "
                    + "user was deactivated. An admin must order it again before it can be set up."));
        }
        if (factor.type() != type) {
            return Optional.of(new FactorRefusal(FactorRefusal.Reason.WRONG_TYPE, "This user's external "
                    + "authentication is " + factor.type() + ", not " + type + "."));
        }
        return Optional.empty();
    }

    /** As {@link #refusal}, thrown. */
    public static void requireProvisioned(UserFactor factor, AuthType type) {
        Optional<FactorRefusal> refusal = refusal(factor, type);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
    }

    /** The PhoneFactor settings section is open from provisioning until deactivation (also while locked). */
    public static boolean settingsAvailable(UserFactor factor) {
        return factor.type() == AuthType.PHONEFACTOR && (factor.state() == LifecycleState.PROVISIONED
                || factor.state() == LifecycleState.ACTIVE || factor.state() == LifecycleState.LOCKED);
    }
}
