package io.extauth.simulator.callback;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code simulator.callback-retry.*}: how a callback the receiver could not take is delivered again.
 *
 * @param firstDelay  the wait before the first retry (default 1s); at least one second, so every retry is signed with
 *                    a later {@code t} than the attempt before: a receiver takes each signature once
 * @param maxDelay    the longest wait between two attempts (default 30s); the wait doubles up to it
 * @param giveUpAfter how long after the user acted the simulator stops trying (default 10m); never later than the
 *                    call's, SMS's or push's own {@code expiresAt}, after which no answer counts
 */
@ConfigurationProperties("simulator.callback-retry")
public record CallbackRetryProperties(@DefaultValue("1s") Duration firstDelay, @DefaultValue("30s") Duration maxDelay,
        @DefaultValue("10m") Duration giveUpAfter) {

    public CallbackRetryProperties {
        if (firstDelay.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalStateException("simulator.callback-retry.first-delay must be at least 1s (is " + firstDelay
                    + "): a retry needs a signature with a later timestamp, a receiver takes each signature once");
        }
        if (maxDelay.compareTo(firstDelay) < 0 || giveUpAfter.isNegative()) {
            throw new IllegalStateException("simulator.callback-retry: max-delay must be at least first-delay and "
                    + "give-up-after must not be negative");
        }
    }

    CallbackRetryRules rules() {
        return new CallbackRetryRules(firstDelay, maxDelay, giveUpAfter);
    }
}
