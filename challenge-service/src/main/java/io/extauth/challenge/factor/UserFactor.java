package io.extauth.challenge.factor;

import io.extauth.challenge.factor.adapter.Secrets;
import io.extauth.challenge.factor.FactorRefusal.Reason;
import io.extauth.contract.AuthType;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.Unlocked;
import io.extauth.lifecycle.LifecycleState;
import io.extauth.lifecycle.LifecycleTrigger;
import io.extauth.lifecycle.Standing;
import io.extauth.lifecycle.Transition;
import io.extauth.lifecycle.UserLifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One account user's external authentication as challenge-service keeps it: the aggregate that guards its own
 * transitions. Each transition ({@link #order}, {@link #provision}, {@link #activate}, {@link #succeed}/{@link #fail},
 * {@link #lock}/{@link #unlock}, {@link #deactivate}) asks the lifecycle and returns the next factor with its events,
 * or a refusal with a reason; nothing is saved here. Immutable: every change is a copy, saved with an optimistic
 * {@code version} check by its repository.
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
        @Nullable SettingsStatus settingsStatus,
        @Nullable Instant activationLockedUntil,
        @Nullable Instant lastFailureAt,
        @Nullable Instant fraudReportedAt,
        @Nullable Instant orderedAt,
        @Nullable String cancelledOrderId,
        long version) {

    /**
     * How far two order-service instances' clocks may be apart: past the service kit's {@code extauth.clock.max-skew}
     * default (2 s) an instance reports its clock DOWN (README, "Clocks").
     */
    public static final Duration ORDER_CLOCKS_AGREE_WITHIN = Duration.ofSeconds(2);

    public static final SettingsStatus SETTINGS_ACTIVE = SettingsStatus.ACTIVE;
    public static final SettingsStatus SETTINGS_INACTIVE = SettingsStatus.INACTIVE;

    /** The status the user saves with the PhoneFactor settings: INACTIVE suspends challenges, keeping the rest. */
    public enum SettingsStatus {
        ACTIVE,
        INACTIVE
    }

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
                0, null, null, null, null, null, null, -1);
    }

    public boolean exists() {
        return version >= 0;
    }

    /** The user set status INACTIVE: challenges are suspended, the settings are kept. */
    public boolean suspended() {
        return settingsStatus == SettingsStatus.INACTIVE;
    }

    /** The method asks for a PIN but none is on file (an admin reset it): challenges wait for a new PIN. */
    public boolean awaitsNewPin() {
        return method != null && method.needsPin() && pinHash == null;
    }

    /** Set-up is over once the user activated: ACTIVE, or LOCKED after failed logins (see {@link FactorChangeRules}). */
    public boolean activated() {
        return state == LifecycleState.ACTIVE || state == LifecycleState.LOCKED;
    }

    /**
     * Whether wrong Symantec activation codes hold activation off at {@code now}: until the lock's time, or an admin's
     * unlock. A lock that has run out counts nothing any more (its failures start afresh).
     */
    public boolean activationLocked(Instant now) {
        return activationLockedUntil != null && now.isBefore(activationLockedUntil);
    }

    public UserFactor withState(LifecycleState next) {
        return new UserFactor(accountId, userId, next, type, orderId, credentialId, method, primaryPhone,
                secondaryPhone, pinHash, consecutiveFailures, lockedUntil, activationFailures, settingsStatus,
                activationLockedUntil, lastFailureAt, fraudReportedAt, orderedAt, cancelledOrderId, version);
    }

    /** A new order starts from scratch: settings, phones, PIN and strikes of an earlier order are gone. */
    public UserFactor ordered(AuthType newType, String newOrderId, @Nullable String newCredentialId,
            Instant newOrderedAt) {
        return new UserFactor(accountId, userId, state, newType, newOrderId, newCredentialId, null, null, null, null, 0,
                null, 0, null, null, null, null, newOrderedAt, cancelledOrderId, version);
    }

    public UserFactor withPhone(boolean primary, Phone phone) {
        return new UserFactor(accountId, userId, state, type, orderId, credentialId, method,
                primary ? phone : primaryPhone, primary ? secondaryPhone : phone, pinHash, consecutiveFailures,
                lockedUntil, activationFailures, settingsStatus, activationLockedUntil, lastFailureAt, fraudReportedAt,
                orderedAt, cancelledOrderId, version);
    }

    public UserFactor withSettings(PhoneFactorMethod newMethod, @Nullable String newPinHash, SettingsStatus newStatus) {
        return new UserFactor(accountId, userId, state, type, orderId, credentialId, newMethod, primaryPhone,
                secondaryPhone, newPinHash, consecutiveFailures, lockedUntil, activationFailures, newStatus,
                activationLockedUntil, lastFailureAt, fraudReportedAt, orderedAt, cancelledOrderId, version);
    }

    public UserFactor withoutPin() {
        return new UserFactor(accountId, userId, state, type, orderId, credentialId, method, primaryPhone,
                secondaryPhone, null, consecutiveFailures, lockedUntil, activationFailures, settingsStatus,
                activationLockedUntil, lastFailureAt, fraudReportedAt, orderedAt, cancelledOrderId, version);
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
                lastFailure, fraudReported, orderedAt, cancelledOrderId, version);
    }

    public UserFactor withActivationFailures(int failures, @Nullable Instant lockedUntilThen) {
        return new UserFactor(accountId, userId, state, type, orderId, credentialId, method, primaryPhone,
                secondaryPhone, pinHash, consecutiveFailures, lockedUntil, failures, settingsStatus, lockedUntilThen,
                lastFailureAt, fraudReportedAt, orderedAt, cancelledOrderId, version);
    }

    /** The order whose cancellation was read while it was not the user's order ({@link #cancel}). */
    public UserFactor withCancelledOrder(String cancelled) {
        return new UserFactor(accountId, userId, state, type, orderId, credentialId, method, primaryPhone,
                secondaryPhone, pinHash, consecutiveFailures, lockedUntil, activationFailures, settingsStatus,
                activationLockedUntil, lastFailureAt, fraudReportedAt, orderedAt, cancelled, version);
    }

    // ---- transitions: each returns the next factor and its events, or a refusal ----

    /**
     * An accepted order: a new order starts from scratch (settings, phones, PIN and strikes of an earlier one go), from
     * any state, as order-service takes one only when the user has no live order there (the lifecycle's ORDER says
     * why a live one here has ended). Refused, changing nothing: the user's own order read again ({@code SAME_ORDER}),
     * and an order placed earlier than the user's current one ({@code STALE_ORDER}: a record an operator replayed
     * from the dead letters, or one the inbox no longer remembers), which would start an ended order over a live one.
     * Earlier by more than {@link #ORDER_CLOCKS_AGREE_WITHIN}: the order-service instance that took each stamps
     * {@code orderedAt} with its own clock, so two orders taken within that much of each other by two instances may
     * be stamped in the wrong order (the diff review found a legitimate new order refused that way, and the user left
     * with no order here while order-service held it live). A factor ordered before session 63 has no time, and only
     * the same order is refused for it.
     */
    public FactorTransition order(UserLifecycle lifecycle, AuthType newType, String newOrderId,
            @Nullable String newCredentialId, Instant newOrderedAt, String cause) {
        if (newOrderId.equals(orderId)) {
            return new FactorTransition.Refused(this, Reason.SAME_ORDER, "order " + newOrderId
                    + " is the user's order already (" + state + ")");
        }
        if (newOrderId.equals(cancelledOrderId)) {
            return new FactorTransition.Refused(this, Reason.CANCELLED_BEFORE, "order " + newOrderId
                    + " was cancelled before it was read (its AuthOrdered replayed after its OrderCancelled)");
        }
        if (orderedAt != null && newOrderedAt.plus(ORDER_CLOCKS_AGREE_WITHIN).isBefore(orderedAt)) {
            return new FactorTransition.Refused(this, Reason.STALE_ORDER, "order " + newOrderId + " (ordered at "
                    + newOrderedAt + ") is older than the user's order " + orderId + " (ordered at " + orderedAt
                    + ", " + state + ")");
        }
        return fire(lifecycle, LifecycleTrigger.ORDER, cause,
                to -> ordered(newType, newOrderId, newCredentialId, newOrderedAt).withState(to.state()), List.of());
    }

    /**
     * Only the user's current order can be cancelled. A cancellation of another order moves nothing, but the order is
     * kept ({@code cancelledOrderId}): were it one not read yet (its {@code AuthOrdered} dead-lettered, then replayed
     * by an operator after the cancellation), it is refused when it comes ({@link Reason#CANCELLED_BEFORE}) instead of
     * becoming the user's order while order-service holds it cancelled and provisioning-service never provisions it.
     * One order is kept, the last: a cancellation of an older order, read again, keeps one that is never ordered again.
     */
    public FactorTransition cancel(UserLifecycle lifecycle, String cancelled, String cause) {
        if (!cancelled.equals(orderId)) {
            if (cancelled.equals(cancelledOrderId)) {
                return new FactorTransition.Refused(this, Reason.OTHER_ORDER, "order " + cancelled
                        + " is not the user's current order " + orderId + ", and its cancellation is kept already");
            }
            return new FactorTransition.Moved(withCancelledOrder(cancelled), null, cause + ": not the user's current "
                    + "order " + orderId + "; kept, so that the order is refused should it be read later", List.of());
        }
        return fire(lifecycle, LifecycleTrigger.CANCEL, cause, to -> withState(to.state()), List.of());
    }

    /**
     * The vendor's answer to an order: provisioned (activation may begin) or failed for good (back to NONE). An answer
     * to an order not seen yet is refused as {@code ORDER_NOT_YET_SEEN} (the topics are separate: retry), one to an
     * older order as {@code OTHER_ORDER}. Where a new order is the only one whose answer can still come, another
     * order's answer is taken as not seen yet: with no order ({@code NONE}, also after a failed or cancelled one), and
     * after a deactivation, which only a new order ends (a re-order's {@code Provisioned} read before its
     * {@code AuthOrdered}, on another topic, was once dropped there for good, and the user stayed ORDERED). Were it a
     * late answer to an older order after all, it is retried and then dead-lettered with the reason, not applied.
     */
    public FactorTransition provision(UserLifecycle lifecycle, String provisionedOrderId, boolean succeeded,
            String cause) {
        boolean onlyANewOrderCanAnswer = state == LifecycleState.NONE || state == LifecycleState.DEACTIVATED;
        if (onlyANewOrderCanAnswer && !provisionedOrderId.equals(orderId)) {
            return new FactorTransition.Refused(this, Reason.ORDER_NOT_YET_SEEN, cause + " for order "
                    + provisionedOrderId + " of " + accountId + "/" + userId + " arrived before its AuthOrdered");
        }
        if (!provisionedOrderId.equals(orderId)) {
            return new FactorTransition.Refused(this, Reason.OTHER_ORDER, cause + " for order " + provisionedOrderId
                    + " ignored, the user's order is " + orderId);
        }
        return fire(lifecycle, succeeded ? LifecycleTrigger.PROVISION : LifecycleTrigger.PROVISIONING_FAIL, cause,
                to -> withState(to.state()), List.of());
    }

    /**
     * The user proved to hold the factor: PROVISIONED becomes ACTIVE with {@code Activated}. The
     * {@link ActivationGuard} says why not first; the lifecycle refuses from any other state.
     */
    public FactorTransition activate(UserLifecycle lifecycle, AuthType activatedType, Instant now, String by,
            String cause) {
        Optional<FactorRefusal> notProvisioned = ActivationGuard.refusal(this, activatedType);
        if (notProvisioned.isPresent()) {
            return new FactorTransition.Refused(this, notProvisioned.get().reason(), notProvisioned.get().getMessage());
        }
        return fire(lifecycle, LifecycleTrigger.ACTIVATE, cause, to -> withState(to.state()).withActivationFailures(0,
                null), List.of(new Activated(accountId, userId, activatedType, method, now, by, orderId,
                activatedType == AuthType.PHONEFACTOR && primaryPhone != null ? primaryPhone.masked() : null)));
    }

    /** A passed challenge: the strikes are forgotten. */
    public FactorTransition succeed(UserLifecycle lifecycle, String cause) {
        return fire(lifecycle, LifecycleTrigger.SUCCEED, cause, to -> withStrikes(0, null, null, null), List.of());
    }

    /**
     * A failed challenge: one strike on the {@code counted} ones (the count after any reset window); the lifecycle
     * locks at its threshold, then until {@code lockedUntilIfLocked}.
     */
    public FactorTransition fail(UserLifecycle lifecycle, int counted, Instant now,
            @Nullable Instant lockedUntilIfLocked,
            String cause) {
        return fire(lifecycle, new Standing(state, counted), LifecycleTrigger.FAIL, cause,
                to -> withState(to.state()).withStrikes(to.strikes(),
                        to.state() == LifecycleState.LOCKED ? lockedUntilIfLocked : null, now, null), List.of());
    }

    /** A fraud report: the challenge fails as a strike and the user is locked at once, until an admin or the time. */
    public FactorTransition lock(UserLifecycle lifecycle, int counted, Instant now, @Nullable Instant until,
            String cause) {
        return fire(lifecycle, new Standing(state, counted), LifecycleTrigger.LOCK, cause,
                to -> withState(to.state()).withStrikes(to.strikes(), until, now, now), List.of());
    }

    /** The lock ends (the timer or an admin): strikes, lock and fraud mark are gone, {@code Unlocked} says by whom. */
    public FactorTransition unlock(UserLifecycle lifecycle, String by, Instant now) {
        return fire(lifecycle, LifecycleTrigger.UNLOCK, "unlocked by " + by,
                to -> withState(to.state()).withStrikes(0, null, null, null),
                List.of(new Unlocked(accountId, userId, by, now)));
    }

    /** An admin switches the factor off. */
    public FactorTransition deactivate(UserLifecycle lifecycle, String admin, Instant now) {
        return fire(lifecycle, LifecycleTrigger.DEACTIVATE, "deactivated by " + admin,
                to -> withState(to.state()).withStrikes(0, null, null, null),
                List.of(new Deactivated(accountId, userId, admin, now, type, orderId)));
    }

    /**
     * An active PhoneFactor user is challenged only with settings status ACTIVE and, for a PIN method, a PIN on file
     * (an admin's PIN reset clears it until the user sets a new one). Neither refusal is a strike.
     */
    public Optional<FactorRefusal> challengeRefusal() {
        if (suspended()) {
            return Optional.of(new FactorRefusal(Reason.SUSPENDED, "PhoneFactor is suspended for this user: the "
                    + "settings status is INACTIVE. Save the settings with status ACTIVE to be challenged again; "
                    + "nothing else changed."));
        }
        if (awaitsNewPin()) {
            return Optional.of(new FactorRefusal(Reason.PIN_REQUIRED, "An admin reset this user's PIN. The method "
                    + method + " needs a new PIN: save the PhoneFactor settings with a new PIN of 4 to 8 digits first."));
        }
        return Optional.empty();
    }

    private FactorTransition fire(UserLifecycle lifecycle, LifecycleTrigger trigger, String cause,
            Function<Transition, UserFactor> next, List<ExtauthEvent> events) {
        return fire(lifecycle, new Standing(state, consecutiveFailures), trigger, cause, next, events);
    }

    private FactorTransition fire(UserLifecycle lifecycle, Standing standing, LifecycleTrigger trigger, String cause,
            Function<Transition, UserFactor> next, List<ExtauthEvent> events) {
        Transition transition = lifecycle.fire(standing, trigger);
        if (!(transition instanceof Transition.Moved moved)) {
            return new FactorTransition.Refused(this, Reason.NOT_ALLOWED,
                    ((Transition.Refused) transition).reason() + " (" + cause + ")");
        }
        return new FactorTransition.Moved(next.apply(moved), moved.stateChanged() ? moved : null, cause, events);
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
