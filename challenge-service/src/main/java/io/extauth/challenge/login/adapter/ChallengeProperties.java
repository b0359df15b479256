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
 * @param delivery how the calls, texts and pushes of login challenges are delivered ({@link ChallengeDelivery})
 * @param requireLoginId whether {@code POST /api/challenges} must name its sign-in ({@code loginId}; 400 without):
 *        for a deployment whose portals and VPN gateways all send it, so that no caller shares an open challenge
 *        ({@link io.extauth.challenge.login.SignInRules})
 */
@ConfigurationProperties("extauth.challenges")
public record ChallengeProperties(
        @DefaultValue Expiry expiry,
        @DefaultValue("60s") Duration verificationTimeout,
        @DefaultValue Delivery delivery,
        @DefaultValue("false") boolean requireLoginId) {

    /**
     * The durable delivery of challenges ({@code extauth.challenges.delivery.*}).
     *
     * @param lease how long a delivery belongs to the instance doing it without renewal (renewed every third of it
     *        while the vendor call runs): also how long the delivery of an instance that died waits before another
     *        instance takes it over
     * @param pollInterval how often each instance looks for deliveries whose lease ran out
     * @param concurrency how many taken-over deliveries one instance does at once
     * @param settleDelay how long the row of a delivery that reached the user may stay before it goes, with those of
     *        the other deliveries settled meanwhile in one statement (at most a sixth of {@code lease}; its lease is
     *        renewed should the removal be held up)
     */
    public record Delivery(
            @DefaultValue("6s") Duration lease,
            @DefaultValue("500ms") Duration pollInterval,
            @DefaultValue("4") int concurrency,
            @DefaultValue("100ms") Duration settleDelay) {

        public Delivery {
            if (settleDelay.isNegative() || settleDelay.compareTo(lease.dividedBy(6)) > 0) {
                throw new IllegalArgumentException("extauth.challenges.delivery.settle-delay must be between 0 and "
                        + "a sixth of the lease (" + lease + "), not " + settleDelay);
            }
        }
    }

    /**
     * Expiry per method ({@code extauth.challenges.expiry.*}).
     *
     * @param call a phone call ({@code PHONE_CALL_STANDARD}, {@code PHONE_CALL_PIN})
     * @param sms a text with a one-time code ({@code SMS_ONE_TIME}, {@code SMS_ONE_TIME_PIN})
     * @param app an app push ({@code APP_STANDARD}, {@code APP_PIN})
     * @param symantec a Symantec VIP security code typed into the portal
     * @param vendorHold how long after a PhoneFactor challenge's end its decision waits for a telephony vendor that
     *        cannot be reached ({@link ChallengeExpiryTimer}); past it the challenge ends NOT_DELIVERED, no strike
     * @param vendorRetry the wait before asking an unreachable vendor again, doubled each time
     * @param vendorRetryMax the longest wait between two questions
     */
    public record Expiry(
            @DefaultValue("60s") Duration call,
            @DefaultValue("5m") Duration sms,
            @DefaultValue("2m") Duration app,
            @DefaultValue("2m") Duration symantec,
            @DefaultValue("10m") Duration vendorHold,
            @DefaultValue("2s") Duration vendorRetry,
            @DefaultValue("1m") Duration vendorRetryMax) {

        public Expiry {
            if (vendorHold.isNegative() || vendorRetry.isNegative() || vendorRetryMax.compareTo(vendorRetry) < 0) {
                throw new IllegalArgumentException("extauth.challenges.expiry needs a vendor-hold >= 0, a vendor-retry "
                        + ">= 0 and a vendor-retry-max >= vendor-retry");
            }
        }

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
