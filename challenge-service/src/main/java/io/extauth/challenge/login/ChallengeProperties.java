package io.extauth.challenge.login;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long answers are waited for ({@code extauth.challenges.*}).
 *
 * @param callTimeout a challenge by phone call
 * @param otherTimeout a challenge by SMS, app or Symantec security code
 * @param verificationTimeout a phone verification call
 */
@ConfigurationProperties("extauth.challenges")
public record ChallengeProperties(
        @DefaultValue("60s") Duration callTimeout,
        @DefaultValue("5m") Duration otherTimeout,
        @DefaultValue("60s") Duration verificationTimeout) {
}
