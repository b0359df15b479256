package io.extauth.challenge.factor;

import io.extauth.contract.AuthType;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.lifecycle.LifecycleState;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A user's external authentication as the portal shows it: no number in clear, no PIN (only whether one is set).
 * {@code phoneFactorSettingsAvailable} is true once a PhoneFactor user is provisioned, until deactivation;
 * {@code settingsStatus} INACTIVE means challenges are suspended; {@code activationLockedUntil} is set while Symantec
 * activation is refused after too many wrong security codes.
 */
public record FactorView(String accountId, String userId, LifecycleState state, @Nullable AuthType type,
        @Nullable PhoneFactorMethod method, int consecutiveFailures, @Nullable Instant lockedUntil,
        boolean phoneFactorSettingsAvailable, @Nullable String primaryPhoneMasked,
        @Nullable String secondaryPhoneMasked, @Nullable String settingsStatus, boolean pinSet,
        @Nullable Instant activationLockedUntil) {

    public static FactorView of(UserFactor factor) {
        return new FactorView(factor.accountId(), factor.userId(), factor.state(), factor.type(), factor.method(),
                factor.consecutiveFailures(), factor.lockedUntil(), ActivationGuard.settingsAvailable(factor),
                factor.primaryPhone() == null ? null : factor.primaryPhone().masked(),
                factor.secondaryPhone() == null ? null : factor.secondaryPhone().masked(),
                factor.settingsStatus() == null ? null : factor.settingsStatus().name(),
                factor.pinHash() != null, factor.activationLockedUntil());
    }
}
