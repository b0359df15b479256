package io.extauth.challenge.factor;

import io.extauth.lifecycle.LifecycleTrigger;
import io.extauth.lifecycle.Transition;
import io.extauth.lifecycle.UserLifecycle;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every state change of a user goes through the standard lifecycle here; an accepted move is recorded in
 * {@code lifecycle_history} in the caller's transaction, a refused one changes nothing.
 */
@Component
public class FactorLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FactorLifecycle.class);

    private final UserLifecycle lifecycle = UserLifecycle.standard();
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public FactorLifecycle(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The factor in its new state, or empty when the lifecycle refuses the trigger from where the user stands. */
    public Optional<UserFactor> fire(UserFactor factor, LifecycleTrigger trigger, String cause) {
        Transition transition = lifecycle.fire(factor.state(), trigger);
        if (transition instanceof Transition.Refused refused) {
            log.info("{}/{}: {} ({}), nothing changed", factor.accountId(), factor.userId(), refused.reason(), cause);
            return Optional.empty();
        }
        jdbc.update("""
                INSERT INTO lifecycle_history (account_id, user_id, from_state, trigger, to_state, cause, moved_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", factor.accountId(), factor.userId(), transition.from().name(),
                trigger.name(), transition.state().name(), cause, Timestamp.from(clock.instant()));
        log.info("{}/{}: {} -> {} by {} ({})", factor.accountId(), factor.userId(), transition.from(), transition.state(),
                trigger, cause);
        return Optional.of(factor.withState(transition.state()));
    }
}
