package io.extauth.challenge.factor.adapter;

import io.extauth.contract.FactorChange;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * Published in the transaction that changed how an active user's factor reaches or checks the user (a phone
 * replaced, the method, the PIN added, changed, removed or reset, challenges suspended): a challenge still open was
 * sent the old way, and an answer to it proves nothing of the factor as it is now. They are withdrawn in that
 * transaction, without a strike, and whoever reaches the user for one is told to stop after it.
 * <p>
 * {@code endsProofs}: an admin replaced what a passed challenge proved the user holds (a phone, the PIN: the ones a
 * thief holds, say), so a challenge passed before {@code at} is no longer the proof a weakening change asks for
 * ({@code PassedChallenges}). The user's own changes, made with that proof, leave it, so a user changes several settings
 * after one sign-in; so do an admin's suspension and choice of method, which replace nothing the proof was of.
 */
public record FactorReachChanged(String accountId, String userId, Instant at, boolean endsProofs) {

    /** What a passed challenge proved the user holds: replaced, the proof is of something else. */
    private static final Set<FactorChange> REPLACE_WHAT_WAS_PROVED = EnumSet.of(FactorChange.PRIMARY_PHONE_CHANGED,
            FactorChange.SECONDARY_PHONE_CHANGED, FactorChange.PIN_CHANGED, FactorChange.PIN_RESET);

    /** Whether {@code changes}, made by an admin or not ({@code byAdmin}), end the proofs of challenges passed before. */
    public static boolean endsProofs(Collection<FactorChange> changes, boolean byAdmin) {
        return byAdmin && changes.stream().anyMatch(REPLACE_WHAT_WAS_PROVED::contains);
    }

    /** The changes that leave an open challenge as it was: a second phone where there was none reaches nobody. */
    private static final Set<FactorChange> LEAVE_CHALLENGES = EnumSet.of(FactorChange.SECONDARY_PHONE_ADDED,
            FactorChange.RESUMED);

    /** Whether {@code changes} change how an open challenge reaches or checks the user. */
    public static boolean reaches(Collection<FactorChange> changes) {
        return changes.stream().anyMatch(change -> !LEAVE_CHALLENGES.contains(change));
    }
}
