package io.extauth.challenge.factor;

import io.extauth.challenge.web.Problems;
import io.extauth.contract.AuthType;
import io.extauth.lifecycle.LifecycleState;

/** The 409 answers for settings and activation asked for at the wrong point of the lifecycle. */
public final class FactorGuards {

    static final String WAIT_FOR_PROVISIONING = "External authentication for this user is not provisioned yet. "
            + "Check that the provisioning e-mail has arrived; if it has not, wait for it and try again. "
            + "If it has arrived and this section is still unavailable, contact support.";

    private FactorGuards() {
    }

    /** Settings and activation need a provisioned (or later) factor of the given type. */
    public static void requireProvisioned(UserFactor factor, AuthType type) {
        if (factor.state() == LifecycleState.NONE || factor.state() == LifecycleState.ORDERED) {
            throw Problems.conflict("not-provisioned", WAIT_FOR_PROVISIONING);
        }
        if (factor.state() == LifecycleState.DEACTIVATED) {
            throw Problems.conflict("deactivated", "External authentication for this user was deactivated. "
                    + "An admin must order it again before it can be set up.");
        }
        if (factor.type() != type) {
            throw Problems.conflict("wrong-type", "This user's external authentication is " + factor.type()
                    + ", not " + type + ".");
        }
    }
}
