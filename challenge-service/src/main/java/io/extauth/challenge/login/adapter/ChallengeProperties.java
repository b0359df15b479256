package io.extauth.challenge.login.adapter;

import io.extauth.challenge.login.ChallengeAnswerRules;
import io.extauth.contract.PhoneFactorMethod;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long answers are waited for ({@code extauth.challenges.*}).
 *
 * @param expiry how long a login challenge waits for its answer, per way of reaching the user; unanswered by then it
 *        ends EXPIRED, a strike
 * @param verificationTimeout a phone verification call
 */
@ConfigurationProperties("extauth.challenges")
public record ChallengeProperties(
        @DefaultValue Expiry expiry,
        @DefaultValue("60s") Duration verificationTimeout) {

    /**
     * Expiry per method ({@code extauth.challenges.expiry.*}).
     *
     * @param call a phone call ({@code PHONE_CALL_STANDARD}, {@code PHONE_CALL_PIN})
     * @param sms a text with a one-time code ({@code SMS_ONE_TIME}, {@code SMS_ONE_TIME_PIN})
     * @param app an app push ({@code APP_STANDARD}, {@code APP_PIN})
     * @param symantec a Symantec VIP security code typed into the portal
     */
    public record Expiry(
            @DefaultValue("60s") Duration call,
            @DefaultValue("5m") Duration sms,
            @DefaultValue("2m") Duration app,
            @DefaultValue("2m") Duration symantec) {

        /** The expiry of a challenge by this PhoneFactor method, or of a Symantec challenge ({@code null}). */
        public Duration of(@Nullable PhoneFactorMethod method) {
            if (method == null) {
                return symantec;
            }
            return switch (ChallengeAnswerRules.deliveryOf(method)) {
                case CALL -> call;
                case SMS -> sms;
                case PUSH -> app;
            };
        }
    }
}
