package io.extauth.challenge.lockout.adapter;

import io.extauth.challenge.factor.FactorTransition;
import io.extauth.challenge.factor.adapter.FactorTransitions;
import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.factor.adapter.UserFactors;
import io.extauth.contract.events.Unlocked;
import io.extauth.lifecycle.UserLifecycle;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Ends locks (by timer or admin) and switches factors off, each with its event in the same transaction. */
@Component
class Unlocks {

    private final UserFactors factors;
    private final FactorTransitions transitions;
    private final UserLifecycle lifecycle;
    private final Clock clock;

    Unlocks(UserFactors factors, FactorTransitions transitions, UserLifecycle lifecycle, Clock clock) {
        this.factors = factors;
        this.transitions = transitions;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    /** The timer: every lock that has run out, skipping rows another instance is unlocking right now. */
    @Transactional
    public int unlockExpired(int limit) {
        Instant now = clock.instant();
        int unlocked = 0;
        for (UserFactor factor : factors.lockExpiredLocks(now, limit)) {
            // locked already by this transaction: taking the lock again returns the same row at once
            if (unlock(factor.accountId(), factor.userId(), Unlocked.BY_TIMER, now).isPresent()) {
                unlocked++;
            }
        }
        return unlocked;
    }

    /** An admin's unlock; empty when the user is not locked. */
    @Transactional
    public Optional<UserFactor> unlockByAdmin(String accountId, String userId, String admin) {
        return unlock(accountId, userId, admin, clock.instant());
    }

    @Transactional
    public Optional<UserFactor> deactivate(String accountId, String userId, String admin) {
        Instant now = clock.instant();
        return moved(transitions.apply(accountId, userId, factor -> factor.deactivate(lifecycle, admin, now)));
    }

    private Optional<UserFactor> unlock(String accountId, String userId, String by, Instant now) {
        return moved(transitions.apply(accountId, userId, factor -> factor.unlock(lifecycle, by, now)));
    }

    private static Optional<UserFactor> moved(FactorTransition result) {
        return result instanceof FactorTransition.Moved moved ? Optional.of(moved.next()) : Optional.empty();
    }
}
