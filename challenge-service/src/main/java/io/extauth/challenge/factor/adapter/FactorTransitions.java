package io.extauth.challenge.factor.adapter;

import io.extauth.challenge.factor.FactorTransition;
import io.extauth.challenge.factor.UserFactor;
import io.extauth.contract.ExtauthEvent;
import io.extauth.lifecycle.LifecycleState;
import io.extauth.lifecycle.Transition;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one place a user's factor changes: lock the row, let the {@link UserFactor} decide, record the lifecycle move in
 * {@code lifecycle_history}, save, and put the events in the outbox, all in one transaction (the caller's, if it has
 * one). A refusal changes nothing and is returned to the caller. A move out of ACTIVE is also told in the process
 * ({@link FactorLeftActive}), for what must stop once it commits.
 */
@Component
public class FactorTransitions {

    private static final Logger log = LoggerFactory.getLogger(FactorTransitions.class);

    private final UserFactors factors;
    private final JdbcTemplate jdbc;
    private final FactorEvents events;
    private final Clock clock;
    private final ApplicationEventPublisher local;

    public FactorTransitions(UserFactors factors, JdbcTemplate jdbc, FactorEvents events, Clock clock,
            ApplicationEventPublisher local) {
        this.factors = factors;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.local = local;
    }

    /** The user's factor under its row lock, moved by {@code transition}; a user never seen is {@code NONE}. */
    @Transactional
    public FactorTransition apply(String accountId, String userId, Function<UserFactor, FactorTransition> transition) {
        return save(transition.apply(factors.lock(accountId, userId)));
    }

    /** As {@link #apply}, for a caller that holds the row lock already and has just read {@code locked} under it. */
    @Transactional
    public FactorTransition applyLocked(UserFactor locked, Function<UserFactor, FactorTransition> transition) {
        return save(transition.apply(locked));
    }

    /** As {@link #apply}, creating the row first for a user never seen (an event may be the first word of them). */
    @Transactional
    public FactorTransition applyCreating(String accountId, String userId,
            Function<UserFactor, FactorTransition> transition) {
        return save(transition.apply(factors.lockOrCreate(accountId, userId, clock.instant())));
    }

    private FactorTransition save(FactorTransition result) {
        if (!(result instanceof FactorTransition.Moved moved)) {
            FactorTransition.Refused refused = (FactorTransition.Refused) result;
            log.info("{}/{}: {}, nothing changed", refused.factor().accountId(), refused.factor().userId(),
                    refused.detail());
            return result;
        }
        UserFactor next = moved.next();
        Instant now = clock.instant();
        Transition.Moved move = moved.move();
        if (move != null) {
            jdbc.update("""
                    INSERT INTO lifecycle_history (account_id, user_id, from_state, trigger, to_state, cause, moved_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""", next.accountId(), next.userId(), move.from().name(),
                    move.trigger().name(), move.to().name(), moved.cause(), Timestamp.from(now));
            log.info("{}/{}: {} -> {} by {} ({})", next.accountId(), next.userId(), move.from(), move.to(),
                    move.trigger(), moved.cause());
            if (move.to() != LifecycleState.ACTIVE) {
                local.publishEvent(new FactorLeftActive(next.accountId(), next.userId(), move.to()));
            }
        }
        UserFactor saved = factors.save(next, now);
        for (ExtauthEvent event : moved.events()) {
            events.publish(event);
        }
        return new FactorTransition.Moved(saved, move, moved.cause(), moved.events());
    }
}
