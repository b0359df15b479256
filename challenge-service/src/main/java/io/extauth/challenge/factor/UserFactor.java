package io.extauth.challenge.factor;

import io.extauth.contract.AuthType;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.lifecycle.LifecycleState;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One account user's external authentication as challenge-service keeps it. Immutable: every change is a copy,
 * saved with an optimistic {@code version} check by {@link UserFactors}.
 *
 * @param settingsStatus {@code ACTIVE} or {@code INACTIVE} as last saved with the PhoneFactor settings; null before
 * @param activationLockedUntil Symantec activation is refused until then after too many wrong security codes
 */
public record UserFactor(
        String accountId,
        String userId,
        LifecycleState state,
        @Nullable AuthType type,
        @Nullable String orderId,
        @Nullable String credentialId,
        @Nullable PhoneFactorMethod method,
        @Nullable Phone primaryPhone,
        @Nullable Phone secondaryPhone,
        @Nullable String pinHash,
        int consecutiveFailures,
        @Nullable Instant lockedUntil,
        int activationFailures,
        @Nullable String settingsStatus,
        @Nullable Instant activationLockedUntil,
        @Nullable Instant lastFailureAt,
        @Nullable Instant fraudReportedAt,
        long version) {

    public static final String SETTINGS_ACTIVE = "ACTIVE";
    public static final String SETTINGS_INACTIVE = "INACTIVE";

    /** A verified phone: E.164 number, its country calling code and an optional extension. */
    public record Phone(String e164, String countryCode, @Nullable String extension) {

        /** The number as the telephony gateway dials it. */
        public String dialString() {
            return extension == null ? e164 : e164 + ";ext=" + extension;
        }

        public String masked() {
            return io.extauth.contract.Masking.phone(countryCode, e164);
        }

        @Override
        public String toString() {
            return "Phone[" + masked() + "]";
        }
    }

    public static UserFactor none(String accountId, String userId) {
        return new UserFactor(accountId, userId, LifecycleState.NONE, null, null, null, null, null, null, null, 0, null,
                0, null, null, null, null, -1);
    }

    public boolean exists() {
        return version >= 0;
    }

    /** The user set status INACTIVE: challenges are suspended, the settings are kept. */
    public boolean suspended() {
        return SETTINGS_INACTIVE.equals(settingsStatus);
    }

    /** The method asks for a PIN but none is on file (an admin reset it): challenges wait for a new PIN. */
    public boolean awaitsNewPin() {
        return method != null && method.needsPin() && pinHash == null;
    }

    public UserFactor withState(LifecycleState next) {
        return new UserFactor(accountId, userId, next, type, orderId, credentialId, method, primaryPhone,
                secondaryPhone, pinHash, consecutiveFailures, lockedUntil, activationFailures, settingsStatus,
                activationLockedUntil, lastFailureAt, fraudReportedAt, version);
    }

    /** A new order starts from scratch: settings, phones, PIN and strikes of an earlier order are gone. */
    public UserFactor ordered(AuthType newType, String newOrderId, @Nullable String newCredentialId) {
        return new UserFactor(accountId, userId, state, newType, newOrderId, newCredentialId, null, null, null, null, 0,
                null, 0, null, null, null, null, version);
    }

    public UserFactor withPhone(boolean primary, Phone phone) {
        return new UserFactor(accountId, userId, state, type, orderId, credentialId, method,
                primary ? phone : primaryPhone, primary ? secondaryPhone : phone, pinHash, consecutiveFailures,
                lockedUntil, activationFailures, settingsStatus, activationLockedUntil, lastFailureAt, fraudReportedAt, version);
    }

    public UserFactor withSettings(PhoneFactorMethod newMethod, @Nullable String newPinHash, String newStatus) {
        return new UserFactor(accountId, userId, state, type, orderId, credentialId, newMethod, primaryPhone,
                secondaryPhone, newPinHash, consecutiveFailures, lockedUntil, activationFailures, newStatus,
                activationLockedUntil, lastFailureAt, fraudReportedAt, version);
    }

    public UserFactor withoutPin() {
        return new UserFactor(accountId, userId, state, type, orderId, credentialId, method, primaryPhone,
                secondaryPhone, null, consecutiveFailures, lockedUntil, activationFailures, settingsStatus,
                activationLockedUntil, lastFailureAt, fraudReportedAt, version);
    }

    /** Strikes and lock as a decision left them; the last failure and a fraud report are kept. */
    public UserFactor withStrikes(int failures, @Nullable Instant until) {
        return withStrikes(failures, until, lastFailureAt, fraudReportedAt);
    }

    /** Strikes, lock, when the last failure was (for the counter-reset window) and whether fraud was reported. */
    public UserFactor withStrikes(int failures, @Nullable Instant until, @Nullable Instant lastFailure,
            @Nullable Instant fraudReported) {
        return new UserFactor(accountId, userId, state, type, orderId, credentialId, method, primaryPhone,
                secondaryPhone, pinHash, failures, until, activationFailures, settingsStatus, activationLockedUntil,
                lastFailure, fraudReported, version);
    }

    public UserFactor withActivationFailures(int failures, @Nullable Instant lockedUntilThen) {
        return new UserFactor(accountId, userId, state, type, orderId, credentialId, method, primaryPhone,
                secondaryPhone, pinHash, consecutiveFailures, lockedUntil, failures, settingsStatus, lockedUntilThen,
                lastFailureAt, fraudReportedAt, version);
    }

    /** Blocked after the user reported a challenge as fraud (until an admin unblocks, unless configured otherwise). */
    public boolean fraudBlocked() {
        return state == LifecycleState.LOCKED && fraudReportedAt != null;
    }

    /** Secrets and numbers stay out of logs, even a debug print of the record. */
    @Override
    public String toString() {
        return "UserFactor[" + accountId + "/" + userId + ", " + state + ", " + type + ", " + method + ", settings="
                + settingsStatus + ", failures=" + consecutiveFailures + ", lockedUntil=" + lockedUntil
                + (fraudReportedAt == null ? "" : ", fraud reported " + fraudReportedAt) + ", v"
                + version + "]";
    }
}
