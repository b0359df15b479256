package io.extauth.challenge.factor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.challenge.factor.FactorChangeRules.Allowed;
import io.extauth.challenge.factor.FactorChangeRules.Caller;
import io.extauth.challenge.factor.FactorChangeRules.LockedOut;
import io.extauth.challenge.factor.FactorChangeRules.ProofRequired;
import io.extauth.contract.AuthType;
import io.extauth.contract.FactorChange;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.lifecycle.LifecycleState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FactorChangeRulesUnitTest {

    private static final Instant NOW = Instant.parse("2026-11-30T03:00:00Z");
    private static final UserFactor.Phone PHONE = new UserFactor.Phone("+15551234567", "1", null);
    private static final UserFactor.Phone OTHER_PHONE = new UserFactor.Phone("+15559876543", "1", null);

    private final FactorChangeRules rules = new FactorChangeRules(Duration.ofMinutes(5));

    @Test
    void thePortalCannotDropAPinWithoutARecentPassedChallenge() {
        UserFactor active = active(PhoneFactorMethod.PHONE_CALL_PIN);
        List<FactorChange> changes = FactorChangeRules.settingsChanges(active, PhoneFactorMethod.PHONE_CALL_STANDARD,
                false, true);

        assertThat(changes).containsExactly(FactorChange.PIN_REMOVED, FactorChange.METHOD);
        assertThat(rules.decide(active, changes, Caller.USER, null, NOW))
                .isEqualTo(new ProofRequired(List.of(FactorChange.PIN_REMOVED), NOW.minus(Duration.ofMinutes(5))));
        assertThat(rules.decide(active, changes, Caller.USER, NOW.minus(Duration.ofMinutes(6)), NOW))
                .isInstanceOf(ProofRequired.class);
    }

    @Test
    void aChallengePassedWithinTheWindowIsProofEnough() {
        UserFactor active = active(PhoneFactorMethod.APP_PIN);
        List<FactorChange> changes = List.of(FactorChange.PIN_REMOVED, FactorChange.SUSPENDED,
                FactorChange.PRIMARY_PHONE_CHANGED);

        assertThat(rules.decide(active, changes, Caller.USER, NOW.minus(Duration.ofMinutes(5)), NOW))
                .isInstanceOf(Allowed.class);
        assertThat(rules.decide(active, changes, Caller.USER, NOW.minusSeconds(10), NOW)).isInstanceOf(Allowed.class);
    }

    @Test
    void aPassedChallengeStampedInTheFutureIsNoProof() {
        assertThat(rules.decide(active(PhoneFactorMethod.APP_PIN), List.of(FactorChange.SUSPENDED), Caller.USER,
                NOW.plusSeconds(60), NOW)).isInstanceOf(ProofRequired.class);
    }

    @Test
    void replacingAPhoneReplacingThePinAndSuspendingNeedProofButStrengtheningDoesNot() {
        UserFactor active = active(PhoneFactorMethod.SMS_ONE_TIME);
        for (FactorChange weakening : List.of(FactorChange.PIN_CHANGED, FactorChange.PRIMARY_PHONE_CHANGED,
                FactorChange.SECONDARY_PHONE_CHANGED, FactorChange.SUSPENDED, FactorChange.PIN_REMOVED)) {
            assertThat(rules.decide(active, List.of(weakening), Caller.USER, null, NOW)).as(weakening.name())
                    .isInstanceOf(ProofRequired.class);
        }
        for (FactorChange harmless : List.of(FactorChange.METHOD, FactorChange.PIN_ADDED, FactorChange.RESUMED,
                FactorChange.PRIMARY_PHONE_ADDED, FactorChange.SECONDARY_PHONE_ADDED)) {
            assertThat(rules.decide(active, List.of(harmless), Caller.USER, null, NOW)).as(harmless.name())
                    .isInstanceOf(Allowed.class);
        }
    }

    @Test
    void anAdminOfTheAccountNeedsNoProofEvenWhileTheUserIsLocked() {
        List<FactorChange> changes = List.of(FactorChange.PIN_REMOVED, FactorChange.PRIMARY_PHONE_CHANGED);

        assertThat(rules.decide(active(PhoneFactorMethod.PHONE_CALL_PIN), changes, Caller.ACCOUNT_ADMIN, null, NOW))
                .isInstanceOf(Allowed.class);
        assertThat(rules.decide(locked(NOW.plusSeconds(600)), changes, Caller.ACCOUNT_ADMIN, null, NOW))
                .isInstanceOf(Allowed.class);
    }

    @Test
    void whileLockedThePortalChangesNothingEvenWithProofOrAHarmlessChange() {
        Instant until = NOW.plusSeconds(600);

        assertThat(rules.decide(locked(until), List.of(FactorChange.PIN_REMOVED), Caller.USER, NOW.minusSeconds(5),
                NOW)).isEqualTo(new LockedOut(until));
        assertThat(rules.decide(locked(until), List.of(FactorChange.RESUMED), Caller.USER, NOW.minusSeconds(5), NOW))
                .isEqualTo(new LockedOut(until));
        assertThat(rules.decide(locked(null), List.of(), Caller.USER, null, NOW)).isEqualTo(new LockedOut(null));
    }

    @Test
    void setUpBeforeActivationNeedsNoProof() {
        UserFactor provisioned = factor(LifecycleState.PROVISIONED, PhoneFactorMethod.PHONE_CALL_PIN, "hash", null);

        assertThat(rules.decide(provisioned, List.of(FactorChange.PIN_REMOVED, FactorChange.PRIMARY_PHONE_CHANGED,
                FactorChange.SUSPENDED), Caller.USER, null, NOW)).isInstanceOf(Allowed.class);
    }

    @Test
    void settingsChangesNameWhatTheSaveChanges() {
        UserFactor pin = active(PhoneFactorMethod.PHONE_CALL_PIN);
        UserFactor standard = active(PhoneFactorMethod.PHONE_CALL_STANDARD);
        UserFactor pinReset = factor(LifecycleState.ACTIVE, PhoneFactorMethod.APP_PIN, null, null);

        assertThat(FactorChangeRules.settingsChanges(pin, PhoneFactorMethod.PHONE_CALL_PIN, false, true)).isEmpty();
        assertThat(FactorChangeRules.settingsChanges(pin, PhoneFactorMethod.APP_PIN, false, true))
                .containsExactly(FactorChange.METHOD);
        assertThat(FactorChangeRules.settingsChanges(pin, PhoneFactorMethod.PHONE_CALL_PIN, true, true))
                .containsExactly(FactorChange.PIN_CHANGED);
        assertThat(FactorChangeRules.settingsChanges(pin, PhoneFactorMethod.PHONE_CALL_PIN, false, false))
                .containsExactly(FactorChange.SUSPENDED);
        assertThat(FactorChangeRules.settingsChanges(standard, PhoneFactorMethod.SMS_ONE_TIME_PIN, true, true))
                .containsExactly(FactorChange.PIN_ADDED, FactorChange.METHOD);
        assertThat(FactorChangeRules.settingsChanges(pinReset, PhoneFactorMethod.APP_PIN, true, true))
                .containsExactly(FactorChange.PIN_ADDED);
        assertThat(FactorChangeRules.settingsChanges(pinReset, PhoneFactorMethod.APP_STANDARD, false, true))
                .as("a PIN method after a PIN reset still drops the PIN").containsExactly(FactorChange.PIN_REMOVED,
                        FactorChange.METHOD);
        UserFactor suspended = standard.withSettings(PhoneFactorMethod.PHONE_CALL_STANDARD, null,
                UserFactor.SETTINGS_INACTIVE);
        assertThat(FactorChangeRules.settingsChanges(suspended, PhoneFactorMethod.PHONE_CALL_STANDARD, false, true))
                .containsExactly(FactorChange.RESUMED);
        assertThat(FactorChangeRules.settingsChanges(suspended, PhoneFactorMethod.PHONE_CALL_STANDARD, false, false))
                .isEmpty();
    }

    @Test
    void aPhoneFillsAnEmptySlotOrReplacesTheOneThereAndTheSameNumberChangesNothing() {
        UserFactor active = active(PhoneFactorMethod.PHONE_CALL_STANDARD);

        assertThat(FactorChangeRules.slotChange(active, PhoneSlot.PRIMARY)).contains(FactorChange.PRIMARY_PHONE_CHANGED);
        assertThat(FactorChangeRules.slotChange(active, PhoneSlot.SECONDARY)).contains(FactorChange.SECONDARY_PHONE_ADDED);
        assertThat(FactorChangeRules.slotChange(active, PhoneSlot.of("THIRD"))).isEmpty();
        assertThat(FactorChangeRules.phoneChange(active, true, OTHER_PHONE))
                .contains(FactorChange.PRIMARY_PHONE_CHANGED);
        assertThat(FactorChangeRules.phoneChange(active, true, PHONE)).isEmpty();
        assertThat(FactorChangeRules.phoneChange(active.withPhone(false, PHONE), false, OTHER_PHONE))
                .contains(FactorChange.SECONDARY_PHONE_CHANGED);
    }

    @Test
    void aNegativeWindowIsRefused() {
        assertThatThrownBy(() -> new FactorChangeRules(Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static UserFactor active(PhoneFactorMethod method) {
        return factor(LifecycleState.ACTIVE, method, method.needsPin() ? "hash" : null, null);
    }

    private static UserFactor locked(Instant until) {
        return factor(LifecycleState.LOCKED, PhoneFactorMethod.PHONE_CALL_PIN, "hash", until);
    }

    private static UserFactor factor(LifecycleState state, PhoneFactorMethod method, String pinHash,
            Instant lockedUntil) {
        return new UserFactor("acct", "user", state, AuthType.PHONEFACTOR, "order", null, method, PHONE, null, pinHash,
                0, lockedUntil, 0, UserFactor.SETTINGS_ACTIVE, null, null, null, null, null, 3);
    }
}
