package io.extauth.challenge.lockout.adapter;

import io.extauth.challenge.lockout.StrikeRules;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Strikes and lockout ({@code extauth.lockout.*}).
 *
 * @param maxFailures the consecutive failure that locks the user
 * @param duration how long a lock lasts before the timer lifts it
 * @param timerIntervalMs how often the unlock timer looks for expired locks
 * @param counterResetWindow after this long without a failure the count starts again; {@code 0} (default) never
 */
@ConfigurationProperties("extauth.lockout")
public record LockoutProperties(
        @DefaultValue("5") int maxFailures,
        @DefaultValue("60m") Duration duration,
        @DefaultValue("1000") long timerIntervalMs,
        @DefaultValue("0s") Duration counterResetWindow) {

    /** The strike rules without fraud handling (Symantec activation attempts). */
    public StrikeRules rules() {
        return new StrikeRules(maxFailures, duration, counterResetWindow, true);
    }

    /** The strike rules of login challenges, with what a fraud report does. */
    public StrikeRules rules(FraudProperties fraud) {
        return new StrikeRules(maxFailures, duration, counterResetWindow, fraud.blockUntilAdmin());
    }
}
