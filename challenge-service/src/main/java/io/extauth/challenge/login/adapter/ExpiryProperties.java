package io.extauth.challenge.login.adapter;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the expiry of a PhoneFactor challenge waits for the telephony vendor ({@code extauth.challenges.expiry.*}).
 * A challenge past its end is a strike only when the vendor confirms it reached the user; while the vendor cannot be
 * reached the decision is held and the vendor asked again, each time after a doubled wait.
 *
 * @param vendorHold   how long after the challenge's end the decision may be held; past it the challenge ends
 *                     NOT_DELIVERED (no strike: nobody can tell whether the user was reached)
 * @param firstRetry   the wait before asking an unreachable vendor again, doubled each time
 * @param maxRetry     the longest wait between two questions
 */
@ConfigurationProperties("extauth.challenges.expiry")
public record ExpiryProperties(@DefaultValue("10m") Duration vendorHold, @DefaultValue("2s") Duration firstRetry,
        @DefaultValue("1m") Duration maxRetry) {

    public ExpiryProperties {
        if (vendorHold.isNegative() || firstRetry.isNegative() || maxRetry.compareTo(firstRetry) < 0) {
            throw new IllegalArgumentException("extauth.challenges.expiry needs a vendor-hold >= 0, a first-retry >= 0 "
                    + "and a max-retry >= first-retry");
        }
    }
}
