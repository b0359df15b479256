package io.extauth.challenge.activation.adapter;

import io.extauth.challenge.activation.ActivationRefusal;
import io.extauth.challenge.activation.PhoneFactorSettingsRules.FieldProblem;
import io.extauth.challenge.activation.PhoneFactorSettingsRules;
import io.extauth.challenge.activation.PhoneNumberRules;
import io.extauth.challenge.activation.PhoneVerification;
import io.extauth.challenge.activation.VerificationCallRules;
import io.extauth.challenge.contact.ContactKind;
import io.extauth.challenge.contact.adapter.ContactLimitProperties;
import io.extauth.challenge.contact.adapter.ContactLimits;
import io.extauth.challenge.database.adapter.FailedItems;
import io.extauth.challenge.factor.ActivationGuard;
import io.extauth.challenge.factor.FactorChangeRules;
import io.extauth.challenge.factor.PhoneSlot;
import io.extauth.challenge.factor.FactorTransition;
import io.extauth.challenge.factor.FactorView;
import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.factor.adapter.FactorEvents;
import io.extauth.challenge.factor.adapter.FactorTransitions;
import io.extauth.challenge.factor.adapter.Secrets;
import io.extauth.challenge.factor.adapter.UserFactors;
import io.extauth.challenge.login.adapter.ChallengeProperties;
import io.extauth.challenge.refusal.Refusal.Kind;
import io.extauth.challenge.telephony.adapter.TelephonyGateway;
import io.extauth.challenge.telephony.adapter.VendorUnavailableException;
import io.extauth.contract.AuthType;
import io.extauth.contract.FactorChange;
import io.extauth.contract.Masking;
import io.extauth.contract.events.FactorSettingsChanged;
import io.extauth.lifecycle.LifecycleState;
import io.extauth.lifecycle.UserLifecycle;
import io.extauth.service.problem.ProblemsAdvice.FieldError;
import io.extauth.service.problem.ProblemsAdvice.FieldProblemsException;
import io.extauth.service.security.AccountAccess;
import io.extauth.service.security.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/** PhoneFactor set-up: verify phones by a call answered with {@code #}, then save method and PIN and activate. */
@Component
public class PhoneFactorActivation {

    private static final Logger log = LoggerFactory.getLogger(PhoneFactorActivation.class);

    private final FailedItems<UUID> failing = new FailedItems<>(log, "Phone verification");

    /** How a verification stands, as the portal shows it. */
    public record VerificationView(String verificationId, String slot, String status, String phoneMasked,
            @Nullable String reason) {

        static VerificationView of(PhoneVerification v) {
            return new VerificationView(v.id().toString(), v.slot().name(), v.status().name(), v.phoneMasked(),
                    v.reason());
        }
    }

    private final UserFactors factors;
    private final PhoneVerifications verifications;
    private final FactorTransitions transitions;
    private final UserLifecycle lifecycle;
    private final TelephonyGateway telephony;
    private final Secrets secrets;
    private final FactorEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ChallengeProperties timeouts;
    private final ContactLimits contacts;
    private final ContactLimitProperties.Phones phones;
    private final FactorChangeGuard changes;
    private final SettingsSaveLimits saves;
    private final PinHashing hashing;

    PhoneFactorActivation(UserFactors factors, PhoneVerifications verifications, FactorTransitions transitions,
            UserLifecycle lifecycle,
            TelephonyGateway telephony, Secrets secrets, FactorEvents events, TransactionTemplate transactions, Clock clock,
            ChallengeProperties timeouts, ContactLimits contacts, ContactLimitProperties contactLimits,
            FactorChangeGuard changes, SettingsSaveLimits saves, PinHashing hashing) {
        this.factors = factors;
        this.verifications = verifications;
        this.transitions = transitions;
        this.lifecycle = lifecycle;
        this.telephony = telephony;
        this.secrets = secrets;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
        this.timeouts = timeouts;
        this.contacts = contacts;
        this.phones = contactLimits.phones();
        this.changes = changes;
        this.saves = saves;
        this.hashing = hashing;
    }

    /**
     * Starts verifying a phone by a call the user answers with {@code #}. What is refused is thrown here; the future
     * completes once the gateway took the call (or refused it: then no verification is left).
     */
    public CompletableFuture<VerificationView> startVerification(String accountId, String userId, @Nullable String slot,
            @Nullable String countryCode, @Nullable String number, @Nullable String extension, String caller) {
        // read before the factor: a move of the set-up after it is one the rules checked here did not see (decide)
        Instant now = clock.instant();
        UserFactor current = current(accountId, userId);
        ActivationGuard.requireProvisioned(current, AuthType.PHONEFACTOR);
        // replacing a phone of an active factor needs proof (or an admin), checked before anyone is called
        PhoneSlot phoneSlot = PhoneSlot.of(slot);
        changes.require(current, FactorChangeRules.slotChange(current, phoneSlot).stream().toList());
        List<FieldProblem> problems = new java.util.ArrayList<>();
        if (phoneSlot == null) {
            problems.add(new FieldProblem("slot", "INVALID_SLOT", "slot must be PRIMARY or SECONDARY."));
        }
        PhoneNumberRules.Result result = PhoneNumberRules.normalise(countryCode, number, extension);
        if (result instanceof PhoneNumberRules.Invalid invalid) {
            problems.addAll(invalid.problems());
        }
        if (!problems.isEmpty() || phoneSlot == null || !(result instanceof PhoneNumberRules.Valid valid)) {
            throw invalid("invalid-phone", "The phone number cannot be used.", problems);
        }
        PhoneNumberRules.Refused refused = PhoneNumberRules.refusal(valid, phones.refusedTypes(),
                phones.testPrefixes(), phones.allowedRegions()).orElse(null);
        if (refused != null) {
            contacts.refusedNumber(switch (refused.risk()) {
                case UNASSIGNED -> ContactLimits.Reason.UNASSIGNED_NUMBER;
                case HIGH_RISK_TYPE -> ContactLimits.Reason.HIGH_RISK_NUMBER;
                case REGION_NOT_ALLOWED -> ContactLimits.Reason.REGION_NOT_ALLOWED;
            }, ContactKind.VERIFICATION_CALL);
            throw invalid("invalid-phone", "The phone number cannot be used.", List.of(refused.problem()));
        }
        // a call the gateway's bound would refuse unmade: nothing recorded, no contact counted (503)
        telephony.requireRoom();
        UserFactor.Phone phone = new UserFactor.Phone(valid.e164(), valid.countryCode(), valid.extension());
        PhoneVerification verification = new PhoneVerification(UUID.randomUUID(), accountId, userId, phoneSlot,
                valid.e164(), valid.countryCode(), valid.extension(), Masking.phone(valid.countryCode(), valid.e164()),
                PhoneVerification.Status.CALLING, null, now, now.plus(timeouts.verificationTimeout()), null, caller,
                AccountAccess.callerHasRole(Role.ADMIN));
        // counted under the user's row lock: a burst of requests is counted one after the other, on every instance
        Optional<ContactLimits.Refusal> tooMany = transactions.execute(status -> {
            UserFactor locked = factors.lock(accountId, userId);
            // checked again under the lock, which an activation holds too: one committed since the first check makes
            // the call a replacement of an active factor's phone, which needs proof (else the activation, coming
            // after this insert, ends the call: saveSettings)
            ActivationGuard.requireProvisioned(locked, AuthType.PHONEFACTOR);
            changes.require(locked, FactorChangeRules.slotChange(locked, phoneSlot).stream().toList());
            // counted by the number, whatever the extension: anyone may ask to verify any number, and an extension is
            // whatever they typed ('1', '01', '001' ring the same line)
            Optional<ContactLimits.Refusal> refusal = contacts.tryVerificationCall(accountId, userId, valid.e164(),
                    verification.requestedByAdmin());
            if (refusal.isEmpty()) {
                verifications.insert(verification);
            }
            return refusal;
        });
        if (tooMany != null && tooMany.isPresent()) {
            throw ContactLimits.tooMany(tooMany.get());
        }
        try {
            // on the gateway's own threads: this request's thread is free while the gateway answers
            return telephony.offRequestThread(() -> call(verification, phone));
        } catch (RuntimeException busy) {
            forget(verification); // every such thread taken since the room was checked: nobody was called
            throw busy;
        }
    }

    /** Places the verification's call; one the gateway did not take leaves no verification behind. */
    private VerificationView call(PhoneVerification verification, UserFactor.Phone phone) {
        try {
            telephony.placeCall(phone.dialString(), "VERIFICATION", "This is extauth, checking this number for "
                    + "two-factor sign-in. If you asked for it, press pound. If not, hang up.",
                    verification.id().toString(), verification.expiresAt());
        } catch (RuntimeException e) {
            forget(verification);
            throw e;
        }
        return VerificationView.of(verification);
    }

    private void forget(PhoneVerification verification) {
        transactions.executeWithoutResult(status -> verifications.deletePending(verification.id()));
    }

    public VerificationView verification(String accountId, String userId, String verificationId) {
        return find(verificationId).filter(v -> v.accountId().equals(accountId) && v.userId().equals(userId))
                .map(VerificationView::of)
                .orElseThrow(() -> new ActivationRefusal(Kind.NOT_FOUND, "no-such-verification",
                        "There is no such phone verification for this account user."));
    }

    public boolean isVerification(UUID id) {
        return verifications.find(id).isPresent();
    }

    /** The verification call's outcome from the gateway ({@link VerificationCallRules}). */
    public void callAnswered(UUID id, String status, @Nullable String keys) {
        VerificationCallRules.Outcome outcome = VerificationCallRules.outcome(status, keys);
        decide(id, outcome.confirmed(), outcome.reason(), outcome.countsAsFailure());
    }

    /**
     * The timer: verification calls nobody answered in time. The gateway is asked first what became of the call,
     * outside any transaction or lock (no vendor call runs while a user's row is locked), for at most
     * {@link #GATEWAY_QUESTIONS_PER_TICK} a tick: a call it never placed (the instance died between recording the
     * verification and placing it: {@code UNKNOWN}) or lost ({@code FAILED}) is no failed verification of the user's.
     * A gateway that cannot be asked holds the decision, asked again after a doubled wait
     * ({@code extauth.challenges.expiry.vendor-retry}, {@code -retry-max}); past {@code vendor-hold} after the
     * verification's end it fails uncounted, as nobody can tell whether the phone rang. A call the gateway says was
     * answered ({@code ACTED}) is held the same way: what was pressed is in its callback, which may still be on its way
     * (a {@code #} at the last second, a callback retried while an instance restarts) and decides; past
     * {@code vendor-hold} it fails uncounted, as nobody can tell what the user pressed.
     */
    public void expireUnanswered() {
        Instant now = clock.instant();
        long askUntil = System.nanoTime() + GATEWAY_QUESTIONS_PER_TICK.toNanos();
        boolean reachable = true;
        // as many more as are put off, so that those never fill the batch
        int limit = 100 + failing.size();
        List<UUID> due = verifications.pendingExpiredBy(now, limit);
        if (due.size() < limit) {
            failing.retainAll(due);
            held.keySet().retainAll(due); // the others were decided meanwhile (a callback, another instance)
        }
        for (UUID id : due) {
            if (failing.waiting(id, now)) {
                continue;
            }
            Held wait = held.get(id);
            if (wait != null && now.isBefore(wait.askAt())) {
                continue;
            }
            if (reachable && System.nanoTime() - askUntil > 0) {
                return; // this tick asked the gateway long enough: the next asks
            }
            try {
                CallWord word = reachable ? askTheGateway(id) : CallWord.UNREACHABLE;
                if (word == CallWord.UNREACHABLE) {
                    reachable = false; // one refusal is enough for this tick: the others wait with it
                }
                if (word.held() && !heldTooLong(id, wait, now, word)) {
                    continue; // a callback that comes meanwhile decides, as always
                }
                held.remove(id);
                decide(id, false, word.reason(), word.counted());
                failing.succeeded(id);
            } catch (DataAccessException | TransactionException e) {
                throw e; // the database: the next tick tries them all again
            } catch (RuntimeException e) {
                // this one only (a row of its user that this version cannot read): the others are not held behind it
                failing.failed(id, now, e);
            }
        }
    }

    /** The time one tick spends asking the gateway about unanswered verification calls, at most (and one question). */
    private static final java.time.Duration GATEWAY_QUESTIONS_PER_TICK = java.time.Duration.ofSeconds(2);

    /** A decision held while the gateway cannot be asked: when to ask again, and the wait after that. */
    private record Held(Instant askAt, java.time.Duration delay) {
    }

    private final java.util.Map<UUID, Held> held = new java.util.concurrent.ConcurrentHashMap<>();

    /** What the gateway said of an unanswered verification's call: how it ends, and whether it is the user's failure. */
    private enum CallWord {
        RANG("The call was not answered in time; the phone was not saved.", true),
        NOT_PLACED("The call could not be placed (nobody was called); the phone was not saved. It does not count as a "
                + "failed verification: verify again.", false),
        LOST(VerificationCallRules.outcome("FAILED", null).reason(), false),
        UNREACHABLE("The telephony gateway could not tell whether the call was placed; the phone was not saved. It "
                + "does not count as a failed verification: verify again.", false),
        /** Held for the callback of what was pressed; the reason is the one given past the hold. */
        ANSWERED("The call was answered, but what was pressed never reached extauth; the phone was not saved. It does "
                + "not count as a failed verification: verify again.", false);

        private final String reason;
        private final boolean counted;

        CallWord(String reason, boolean counted) {
            this.reason = reason;
            this.counted = counted;
        }

        String reason() {
            return reason;
        }

        boolean counted() {
            return counted;
        }

        /** Whether the decision waits (at most {@code vendor-hold} after the verification's end). */
        boolean held() {
            return this == UNREACHABLE || this == ANSWERED;
        }
    }

    /** The gateway's word on the verification's call. Runs outside any transaction (bounded by its read timeout). */
    private CallWord askTheGateway(UUID id) {
        try {
            return switch (telephony.contactStatus(id.toString())) {
                case UNKNOWN -> {
                    log.warn("Verification {} is over, and the gateway holds no call for it (never placed): failed, not "
                            + "counted as a failed verification", id);
                    yield CallWord.NOT_PLACED;
                }
                case FAILED -> CallWord.LOST;
                // the user picked up: the callback with the keys decides, which may still be on its way
                case ACTED -> CallWord.ANSWERED;
                // it rang: the user's, as before
                case DELIVERED, UNRECOGNISED -> CallWord.RANG;
            };
        } catch (VendorUnavailableException e) {
            return CallWord.UNREACHABLE;
        }
    }

    /**
     * Whether a verification held ({@link CallWord#held()}: the gateway cannot be asked about it, or says it was
     * answered and the callback is not here yet) is held long enough (past {@code vendor-hold} after its end): then it
     * is decided; otherwise it is held again with a doubled wait.
     */
    private boolean heldTooLong(UUID id, @Nullable Held before, Instant now, CallWord why) {
        Optional<PhoneVerification> v = verifications.find(id);
        if (v.isEmpty() || !now.isBefore(v.get().expiresAt().plus(timeouts.expiry().vendorHold()))) {
            if (v.isPresent()) {
                log.warn("Verification {} is over and {} for {}: failed, not counted as a failed verification", id,
                        why == CallWord.ANSWERED ? "the gateway's callback of what was pressed never came"
                                : "the gateway could not be asked", timeouts.expiry().vendorHold());
            }
            return true;
        }
        if (before == null && why == CallWord.ANSWERED) {
            log.info("Verification {} is over, and the gateway reports the call answered: decision held for its "
                    + "callback (at most {} after its end)", id, timeouts.expiry().vendorHold());
        }
        java.time.Duration wait = before == null ? timeouts.expiry().vendorRetry() : before.delay().multipliedBy(2);
        wait = wait.compareTo(timeouts.expiry().vendorRetryMax()) > 0 ? timeouts.expiry().vendorRetryMax() : wait;
        held.put(id, new Held(now.plus(wait), wait));
        return false;
    }

    /** {@code countsAsFailure}: whether a verification not confirmed counts toward the failed-verification limit. */
    private void decide(UUID id, boolean confirmed, String reason, boolean countsAsFailure) {
        transactions.executeWithoutResult(status -> {
            PhoneVerification seen = verifications.find(id).orElse(null);
            if (seen == null) {
                return;
            }
            // decided under the user's row lock, like login answers: read again once the lock is held
            UserFactor factor = factors.lock(seen.accountId(), seen.userId());
            PhoneVerification v = verifications.find(id).orElse(null);
            if (v == null || v.status() != PhoneVerification.Status.CALLING || v.phone() == null
                    || v.countryCode() == null) {
                return;
            }
            Instant now = clock.instant();
            // the set-up it was started for moved while the phone rang (activated: a call started without the proof
            // an active factor's phone needs, also one that was checked just before the activation and recorded just
            // after it; re-ordered or deactivated: the old set-up's phone): nothing is saved
            boolean stale = confirmed && factors.setUpMovedSince(v.accountId(), v.userId(), v.createdAt());
            if (!verifications.decide(id, confirmed && !stale ? PhoneVerification.Status.VERIFIED
                    : PhoneVerification.Status.FAILED, stale ? "The factor's set-up changed while the phone rang "
                    + "(activated, ordered again or deactivated); the phone was not saved. Verify it again." : reason,
                    now)) {
                return;
            }
            if (stale) {
                return;
            }
            // an admin's verification that fails is the admin's, not the user's: it does not stop the user's own
            if (!confirmed && countsAsFailure && !v.requestedByAdmin()) {
                contacts.verificationFailed(v.accountId(), v.userId());
            }
            // a factor deactivated (or re-ordered) while the phone rang takes no phone from the old set-up
            if (confirmed && ActivationGuard.settingsAvailable(factor)) {
                boolean primary = v.slot() == PhoneSlot.PRIMARY;
                UserFactor.Phone phone = new UserFactor.Phone(v.phone(), v.countryCode(), v.extension());
                Optional<FactorChange> change = FactorChangeRules.phoneChange(factor, primary, phone);
                factors.save(factor.withPhone(primary, phone), now);
                if (factor.activated() && factor.method() != null && change.isPresent()) {
                    events.settingsChanged(new FactorSettingsChanged(v.accountId(), v.userId(), factor.method(),
                            v.requestedBy() == null ? "unknown" : v.requestedBy(), now, List.of(change.get()),
                            phone.masked(), factor.orderId()), v.requestedByAdmin());
                }
            }
        });
    }

    /**
     * Saves method, PIN and status. On a provisioned user, status ACTIVE activates ({@code Activated}, lifecycle
     * ACTIVE); on an active (or locked) user a save that changes something publishes {@code FactorSettingsChanged}
     * with what changed, after {@link FactorChangeGuard} allowed it; status INACTIVE suspends challenges and keeps
     * everything else. A save that changes something meets {@link SettingsSaveLimits} (429), its PIN {@link PinHashing}
     * (503): each costs a bcrypt and, once active, an e-mail.
     */
    public FactorView saveSettings(String accountId, String userId, @Nullable String status, @Nullable String method,
            @Nullable String pin, String caller) {
        UserFactor before = current(accountId, userId);
        ActivationGuard.requireProvisioned(before, AuthType.PHONEFACTOR);
        // bcrypt is slow on purpose: hash before the row is locked, and only a PIN this caller may save now. The rules,
        // the proof and the lock are checked on the row as read first (a refused save costs no bcrypt), then again
        // once it is locked, which decides
        Allowed asked = allowed(before, status, method, pin);
        // a save that changes something is counted (it may cost a bcrypt, and an e-mail to the user): an admin's per
        // caller, the user's own through the portal (one token for all its users) per user; one over its bound is
        // refused here, before any bcrypt, and again below under the lock, which counts
        boolean byAdmin = AccountAccess.callerHasRole(Role.ADMIN);
        if (!asked.changed().isEmpty()) {
            saves.requireRoom(accountId, userId, caller, byAdmin);
        }
        String askedPin = asked.settings().pin();
        // on a few places per instance, so that PIN hashing never holds every request thread or every core
        String newPinHash = askedPin == null ? null : hashing.bounded(() -> secrets.hash(askedPin));
        UserFactor saved = transactions.execute(tx -> {
            UserFactor factor = factors.lock(accountId, userId);
            ActivationGuard.requireProvisioned(factor, AuthType.PHONEFACTOR);
            Allowed allowed = allowed(factor, status, method, pin);
            PhoneFactorSettingsRules.Settings settings = allowed.settings();
            List<FactorChange> changed = allowed.changed();
            if (!changed.isEmpty()) {
                saves.record(accountId, userId, caller, byAdmin);
            }
            Instant now = clock.instant();
            String pinHash = !settings.method().needsPin() ? null
                    : settings.pin() != null ? newPinHash : factor.pinHash();
            UserFactor next = factor.withSettings(settings.method(), pinHash,
                    settings.active() ? UserFactor.SETTINGS_ACTIVE : UserFactor.SETTINGS_INACTIVE);
            if (factor.state() == LifecycleState.PROVISIONED && settings.active()) {
                FactorTransition activated = transitions.apply(accountId, userId, locked -> locked
                        .withSettings(settings.method(), pinHash, UserFactor.SETTINGS_ACTIVE)
                        .activate(lifecycle, AuthType.PHONEFACTOR, now, caller, "PhoneFactor settings saved by " + caller));
                if (activated instanceof FactorTransition.Refused refused) {
                    throw refused.exception();
                }
                // a verification started before the activation was started without proof, as a provisioned factor
                // allows: pressing # now would replace a phone of an active factor, which needs proof or an admin
                verifications.failPending(accountId, userId, "The factor was activated while the phone rang; the phone "
                        + "was not saved. Verify it again.", now);
                return ((FactorTransition.Moved) activated).next();
            }
            if (factor.activated() && !changed.isEmpty()) {
                events.settingsChanged(new FactorSettingsChanged(accountId, userId, settings.method(), caller, now, changed,
                        null, factor.orderId()), AccountAccess.callerHasRole(Role.ADMIN));
            }
            return factors.save(next, now);
        });
        return FactorView.of(Objects.requireNonNull(saved));
    }

    /** Settings that pass the rules, and what they change on the factor. */
    private record Allowed(PhoneFactorSettingsRules.Settings settings, List<FactorChange> changed) {
    }

    /**
     * The settings asked for and what they change, once {@link PhoneFactorSettingsRules} and {@link FactorChangeGuard}
     * (the proof, the lock) allow them on {@code factor}; throws the problem otherwise.
     */
    private Allowed allowed(UserFactor factor, @Nullable String status, @Nullable String method, @Nullable String pin) {
        List<FieldProblem> problems = PhoneFactorSettingsRules.check(status, method, pin,
                factor.primaryPhone() != null, factor.pinHash() != null);
        if (!problems.isEmpty() || status == null || method == null) {
            throw invalid("invalid-settings", "The PhoneFactor settings cannot be saved.", problems);
        }
        PhoneFactorSettingsRules.Settings settings = PhoneFactorSettingsRules.settings(status, method, pin);
        List<FactorChange> changed = FactorChangeRules.settingsChanges(factor, settings.method(),
                settings.pin() != null, settings.active());
        changes.require(factor, changed);
        return new Allowed(settings, changed);
    }

    /**
     * An admin forgets the user's PIN. The method stays; until the user saves a new PIN a challenge answers 409
     * {@code pin-required} (no call is placed, no strike). Counted as the admin's save ({@link SettingsSaveLimits}: it
     * mails the user), and it starts the user's own count afresh, so that the user can save the new PIN at once.
     */
    public FactorView resetPin(String accountId, String userId, String admin) {
        UserFactor saved = transactions.execute(tx -> {
            UserFactor factor = factors.lock(accountId, userId);
            ActivationGuard.requireProvisioned(factor, AuthType.PHONEFACTOR);
            if (factor.pinHash() == null) {
                throw new ActivationRefusal(Kind.CONFLICT, "no-pin", "This user has no PIN to reset.");
            }
            saves.pinReset(accountId, userId, admin);
            Instant now = clock.instant();
            if (factor.activated() && factor.method() != null) {
                events.settingsChanged(new FactorSettingsChanged(accountId, userId, factor.method(), admin, now,
                        List.of(FactorChange.PIN_RESET), null, factor.orderId()), true);
            }
            return factors.save(factor.withoutPin(), now);
        });
        return FactorView.of(Objects.requireNonNull(saved));
    }

    private UserFactor current(String accountId, String userId) {
        return factors.find(accountId, userId).orElseGet(() -> UserFactor.none(accountId, userId));
    }

    private Optional<PhoneVerification> find(String verificationId) {
        try {
            return verifications.find(UUID.fromString(verificationId));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static FieldProblemsException invalid(String type, String detail, List<FieldProblem> problems) {
        return new FieldProblemsException(HttpStatus.UNPROCESSABLE_CONTENT, type, detail,
                problems.stream().map(p -> new FieldError(p.field(), p.code(), p.message())).toList());
    }
}
