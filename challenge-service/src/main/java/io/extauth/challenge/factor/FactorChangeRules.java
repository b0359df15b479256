package io.extauth.challenge.factor;

import io.extauth.contract.FactorChange;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.lifecycle.LifecycleState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who may change an active factor, and with what proof. A portal token only says "some signed-in session of this
 * user"; that is not enough to weaken or move the second factor, because whoever stole the session (or the password)
 * would then own the factor too. So, once a factor is active:
 * <ul>
 * <li>Weakening or moving it ({@link #WEAKENING}: dropping or replacing the PIN, replacing a phone, status INACTIVE)
 * through the portal needs a portal challenge the user passed within the proof window (passing one proves the user
 * holds the factor as it is now; for a PIN method that includes the PIN; a VPN login is no proof for the portal, and
 * neither is a challenge passed before an admin replaced a phone or the PIN: {@code PassedChallenges}). An admin of the
 * account needs none.</li>
 * <li>Strengthening or lateral changes (adding a PIN, filling an empty phone slot, switching methods without dropping a
 * PIN, resuming) need no proof: they leave an attacker no better off, and the user is mailed every change.</li>
 * <li>While the user is LOCKED only an admin may change anything: a lock means someone is guessing, and a passed
 * challenge from before the lock proves nothing about who holds the session now.</li>
 * <li>Before activation (PROVISIONED) there is nothing to protect yet: set-up needs no proof.</li>
 * </ul>
 */
public final class FactorChangeRules {

    /** The changes that make the factor weaker or move it elsewhere. */
    public static final Set<FactorChange> WEAKENING = EnumSet.of(FactorChange.PIN_REMOVED, FactorChange.PIN_CHANGED,
            FactorChange.PRIMARY_PHONE_CHANGED, FactorChange.SECONDARY_PHONE_CHANGED, FactorChange.SUSPENDED);

    /** Who asks: an admin of the user's account (checked by the adapter), or the user through the portal. */
    public enum Caller {
        ACCOUNT_ADMIN,
        USER
    }

    /** What the rules say about one change. */
    public sealed interface Verdict {
    }

    /** The change may be saved. */
    public record Allowed() implements Verdict {
    }

    /** Only with a challenge passed after {@code notBefore}; {@code weakening} names what needs it. */
    public record ProofRequired(List<FactorChange> weakening, Instant notBefore) implements Verdict {
    }

    /** The user is locked: only an admin of the account may change settings until the lock ends. */
    public record LockedOut(@Nullable Instant lockedUntil) implements Verdict {
    }

    private final Duration proofWindow;

    public FactorChangeRules(Duration proofWindow) {
        if (proofWindow.isNegative()) {
            throw new IllegalArgumentException("The proof window cannot be negative: " + proofWindow);
        }
        this.proofWindow = proofWindow;
    }

    /**
     * The verdict on {@code changes} to {@code factor} as it is now.
     *
     * @param lastPassedChallenge when the user last passed a portal challenge of this account that still proves the
     *        factor as it is now ({@code PassedChallenges.lastPassedAt}), if ever
     */
    public Verdict decide(UserFactor factor, List<FactorChange> changes, Caller caller,
            @Nullable Instant lastPassedChallenge, Instant now) {
        if (!activated(factor) || caller == Caller.ACCOUNT_ADMIN) {
            return new Allowed();
        }
        if (factor.state() == LifecycleState.LOCKED) {
            return new LockedOut(factor.lockedUntil());
        }
        List<FactorChange> weakening = changes.stream().filter(WEAKENING::contains).toList();
        Instant notBefore = now.minus(proofWindow);
        if (weakening.isEmpty() || lastPassedChallenge != null && !lastPassedChallenge.isBefore(notBefore)
                && !lastPassedChallenge.isAfter(now)) {
            return new Allowed();
        }
        return new ProofRequired(weakening, notBefore);
    }

    static boolean activated(UserFactor factor) {
        return factor.activated();
    }

    /**
     * What saving {@code method}, an optional new PIN and status ACTIVE or INACTIVE changes on {@code factor}; empty
     * when the save changes nothing.
     */
    public static List<FactorChange> settingsChanges(UserFactor factor, PhoneFactorMethod method, boolean newPin,
            boolean active) {
        List<FactorChange> changes = new ArrayList<>();
        PhoneFactorMethod before = factor.method();
        boolean pinBefore = before != null && before.needsPin();
        if (pinBefore && !method.needsPin()) {
            changes.add(FactorChange.PIN_REMOVED);
        } else if (method.needsPin() && newPin) {
            changes.add(factor.pinHash() == null ? FactorChange.PIN_ADDED : FactorChange.PIN_CHANGED);
        }
        if (before != method) {
            changes.add(FactorChange.METHOD);
        }
        if (!active && !factor.suspended()) {
            changes.add(FactorChange.SUSPENDED);
        } else if (active && factor.suspended()) {
            changes.add(FactorChange.RESUMED);
        }
        return List.copyOf(changes);
    }

    /**
     * What verifying a phone for {@code slot} ({@code PRIMARY} or {@code SECONDARY}) would change, judged before the
     * number is called: filling the empty slot, or replacing the phone there; empty for no slot (refused later).
     */
    public static Optional<FactorChange> slotChange(UserFactor factor, @Nullable PhoneSlot slot) {
        if (slot == PhoneSlot.PRIMARY) {
            return Optional.of(factor.primaryPhone() == null ? FactorChange.PRIMARY_PHONE_ADDED
                    : FactorChange.PRIMARY_PHONE_CHANGED);
        }
        if (slot == PhoneSlot.SECONDARY) {
            return Optional.of(factor.secondaryPhone() == null ? FactorChange.SECONDARY_PHONE_ADDED
                    : FactorChange.SECONDARY_PHONE_CHANGED);
        }
        return Optional.empty();
    }

    /**
     * What a verified {@code phone} in the slot changes: filling an empty slot, or replacing the phone there; empty
     * when it is the phone on file already.
     */
    public static Optional<FactorChange> phoneChange(UserFactor factor, boolean primary, UserFactor.Phone phone) {
        UserFactor.Phone onFile = primary ? factor.primaryPhone() : factor.secondaryPhone();
        if (onFile == null) {
            return Optional.of(primary ? FactorChange.PRIMARY_PHONE_ADDED : FactorChange.SECONDARY_PHONE_ADDED);
        }
        if (onFile.equals(phone)) {
            return Optional.empty();
        }
        return Optional.of(primary ? FactorChange.PRIMARY_PHONE_CHANGED : FactorChange.SECONDARY_PHONE_CHANGED);
    }
}
