package io.extauth.challenge.lockout;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Strikes and lockout ({@code extauth.lockout.*}).
 *
 * @param maxFailures the consecutive failure that locks the user
 * @param duration how long a lock lasts before the timer lifts it
 * @param timerIntervalMs how often the unlock timer looks for expired locks
 */
@ConfigurationProperties("extauth.lockout")
public record LockoutProperties(
        @DefaultValue("5") int maxFailures,
        @DefaultValue("60m") Duration duration,
        @DefaultValue("1000") long timerIntervalMs) {

    public StrikeRules rules() {
        return new StrikeRules(maxFailures, duration);
    }
}
