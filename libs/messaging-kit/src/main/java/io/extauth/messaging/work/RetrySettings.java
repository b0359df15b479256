package io.extauth.messaging.work;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A {@link RetryPolicy} as a service binds it from its properties ({@code <prefix>.retry.*}); no maximum of attempts.
 *
 * @param initialInterval wait after the first failed attempt
 * @param multiplier      growth of the wait per further failed attempt
 * @param maxInterval     the wait never exceeds this, however long the other side is down
 * @param jitter          share (0..1) of the wait taken off at random, so that retries spread out
 */
public record RetrySettings(
        @DefaultValue("1s") Duration initialInterval,
        @DefaultValue("2.0") double multiplier,
        @DefaultValue("60s") Duration maxInterval,
        @DefaultValue("0.5") double jitter) {

    public RetryPolicy policy() {
        return new RetryPolicy(initialInterval, multiplier, maxInterval, jitter);
    }
}
