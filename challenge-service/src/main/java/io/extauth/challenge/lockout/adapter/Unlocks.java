package io.extauth.challenge.lockout.adapter;

import io.extauth.challenge.factor.FactorTransition;
import io.extauth.challenge.factor.adapter.FactorTransitions;
import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.factor.adapter.UserFactors;
import io.extauth.contract.events.Unlocked;
import io.extauth.lifecycle.LifecycleState;
import io.extauth.lifecycle.UserLifecycle;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Ends locks (by timer or admin) and switches factors off, each with its event in the same transaction. */
@Component
class Unlocks {

    private static final Logger log = LoggerFactory.getLogger(Unlocks.class);

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

    /**
     * An admin's unlock; empty when the user is not locked. A user whose Symantec activation is locked after wrong
     * security codes is not locked in the lifecycle (there are no login strikes before activation): the admin's unlock
     * ends that lock and its count, so the user may enter a code again at once (until session 62 it answered {@code
     * 409 not-locked}, and only the hour's end or a deactivation and a new order helped). No {@code Unlocked}: that
     * event ends a lifecycle lock, which the audit replays; this one is the activation's own.
     */
    @Transactional
    public Optional<UserFactor> unlockByAdmin(String accountId, String userId, String admin) {
        Instant now = clock.instant();
        UserFactor factor = factors.lock(accountId, userId);
        if (factor.state() == LifecycleState.PROVISIONED && factor.activationLocked(now)) {
            log.info("{}/{}: Symantec activation lock (until {}) ended by {}", accountId, userId,
                    factor.activationLockedUntil(), admin);
            return Optional.of(factors.save(factor.withActivationFailures(0, null), now));
        }
        return moved(transitions.applyLocked(factor, locked -> locked.unlock(lifecycle, admin, now)));
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
