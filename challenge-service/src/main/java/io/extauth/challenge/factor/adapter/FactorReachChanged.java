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
 * transaction, without a strike, and whoever reaches the user for one is told to stop after it. A change an admin made
 * ({@code byAdmin}: replacing the phone a thief holds, say) ends the proof of a challenge passed before {@code at}
 * ({@code PassedChallenges}); one the user made with that proof does not, so a user changes several settings after one
 * sign-in.
 */
public record FactorReachChanged(String accountId, String userId, Instant at, boolean byAdmin) {

    /** The changes that leave an open challenge as it was: a second phone where there was none reaches nobody. */
    private static final Set<FactorChange> LEAVE_CHALLENGES = EnumSet.of(FactorChange.SECONDARY_PHONE_ADDED,
            FactorChange.RESUMED);

    /** Whether {@code changes} change how an open challenge reaches or checks the user. */
    public static boolean reaches(Collection<FactorChange> changes) {
        return changes.stream().anyMatch(change -> !LEAVE_CHALLENGES.contains(change));
    }
}
