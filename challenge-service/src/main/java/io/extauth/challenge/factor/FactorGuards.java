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

    /** The PhoneFactor settings section is open from provisioning until deactivation (also while locked). */
    public static boolean settingsAvailable(UserFactor factor) {
        return factor.type() == AuthType.PHONEFACTOR && (factor.state() == LifecycleState.PROVISIONED
                || factor.state() == LifecycleState.ACTIVE || factor.state() == LifecycleState.LOCKED);
    }

    /**
     * An active PhoneFactor user is challenged only with settings status ACTIVE and, for a PIN method, a PIN on file
     * (an admin's PIN reset clears it until the user sets a new one). Neither refusal is a strike.
     */
    public static void requireChallengeable(UserFactor factor) {
        if (factor.suspended()) {
            throw Problems.conflict("suspended", "PhoneFactor is suspended for this user: the settings status is "
                    + "INACTIVE. Save the settings with status ACTIVE to be challenged again; nothing else changed.");
        }
        if (factor.awaitsNewPin()) {
            throw Problems.conflict("pin-required", "An admin reset this user's PIN. The method " + factor.method()
                    + " needs a new PIN: save the PhoneFactor settings with a new PIN of 4 to 8 digits first.");
        }
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
