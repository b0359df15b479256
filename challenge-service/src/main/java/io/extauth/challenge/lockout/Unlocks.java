package io.extauth.challenge.lockout;

import io.extauth.challenge.factor.FactorLifecycle;
import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.factor.UserFactors;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.Unlocked;
import io.extauth.lifecycle.LifecycleTrigger;
import io.extauth.messaging.outbox.Outbox;
import io.github.springwolf.core.asyncapi.annotations.AsyncOperation;
import io.github.springwolf.core.asyncapi.annotations.AsyncPublisher;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Ends locks (by timer or admin) and switches factors off, each with its event in the same transaction. */
@Component
class Unlocks {

    private final UserFactors factors;
    private final FactorLifecycle lifecycle;
    private final Outbox outbox;
    private final Clock clock;

    Unlocks(UserFactors factors, FactorLifecycle lifecycle, Outbox outbox, Clock clock) {
        this.factors = factors;
        this.lifecycle = lifecycle;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The timer: every lock that has run out, skipping rows another instance is unlocking right now. */
    @Transactional
    @AsyncPublisher(operation = @AsyncOperation(channelName = Topics.AUTH_ACTIVATED, payloadType = Unlocked.class,
            description = "A lock ended, by the timer or an admin"))
    public int unlockExpired(int limit) {
        Instant now = clock.instant();
        int unlocked = 0;
        for (UserFactor factor : factors.lockExpiredLocks(now, limit)) {
            if (unlock(factor, Unlocked.BY_TIMER, now).isPresent()) {
                unlocked++;
            }
        }
        return unlocked;
    }

    /** An admin's unlock; empty when the user is not locked. */
    @Transactional
    public Optional<UserFactor> unlockByAdmin(String accountId, String userId, String admin) {
        return unlock(factors.lock(accountId, userId), admin, clock.instant());
    }

    @Transactional
    @AsyncPublisher(operation = @AsyncOperation(channelName = Topics.AUTH_ACTIVATED, payloadType = Deactivated.class,
            description = "An admin switched the factor off"))
    public Optional<UserFactor> deactivate(String accountId, String userId, String admin) {
        Instant now = clock.instant();
        return lifecycle.fire(factors.lock(accountId, userId), LifecycleTrigger.DEACTIVATE, "deactivated by " + admin)
                .map(moved -> {
                    UserFactor saved = factors.save(moved.withStrikes(0, null, null, null), now);
                    outbox.publish(new Deactivated(accountId, userId, admin, now));
                    return saved;
                });
    }

    private Optional<UserFactor> unlock(UserFactor factor, String by, Instant now) {
        return lifecycle.fire(factor, LifecycleTrigger.UNLOCK, "unlocked by " + by).map(moved -> {
            UserFactor saved = factors.save(moved.withStrikes(0, null, null, null), now);
            outbox.publish(new Unlocked(factor.accountId(), factor.userId(), by, now));
            return saved;
        });
    }
}
