package io.extauth.challenge.factor;

import io.extauth.contract.AuthType;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.lifecycle.LifecycleState;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A user's external authentication as the portal shows it: no number in clear, no PIN. */
public record FactorView(String accountId, String userId, LifecycleState state, @Nullable AuthType type,
        @Nullable PhoneFactorMethod method, int consecutiveFailures, @Nullable Instant lockedUntil,
        boolean phoneFactorSettingsAvailable, @Nullable String primaryPhoneMasked,
        @Nullable String secondaryPhoneMasked) {

    public static FactorView of(UserFactor factor) {
        boolean settingsAvailable = factor.type() == AuthType.PHONEFACTOR
                && (factor.state() == LifecycleState.PROVISIONED || factor.state() == LifecycleState.ACTIVE
                        || factor.state() == LifecycleState.LOCKED);
        return new FactorView(factor.accountId(), factor.userId(), factor.state(), factor.type(), factor.method(),
                factor.consecutiveFailures(), factor.lockedUntil(), settingsAvailable,
                factor.primaryPhone() == null ? null : factor.primaryPhone().masked(),
                factor.secondaryPhone() == null ? null : factor.secondaryPhone().masked());
    }
}
