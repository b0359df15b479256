package io.extauth.challenge.factor.adapter;

import io.extauth.challenge.factor.FactorChangeRules;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Proof for weakening an active factor, and the bounds on PhoneFactor settings saves ({@code extauth.factor-changes.*}).
 *
 * @param proofWindow how recently the user must have passed a challenge for the portal to drop or replace the PIN,
 * replace a phone or set status INACTIVE; default 5 minutes (long enough to run a challenge and then save, short
 * enough that a session stolen later cannot use an old login)
 * @param savesPerCaller settings saves that change something one admin (the token's subject) may make in one account
 * within {@code savesWindow}, a PIN reset counted as one: each may cost a bcrypt and an e-mail to the user; generous
 * for an admin onboarding users. The portal's saves are not counted per caller (one token for all its users)
 * @param savesPerUser settings saves that change something the user makes through the portal within
 * {@code savesWindow}: each one on an active factor mails the user. An admin's saves neither meet nor count toward it;
 * an admin's PIN reset starts it afresh
 * @param savesWindow the sliding window of both
 * @param pinHashingConcurrency PINs this instance hashes at once (bcrypt, 60 to 100 ms of a core each): the rest wait
 * {@code pinHashingWait}, so that hashing never takes every request thread and every core
 * @param pinHashingWait how long a save waits for a place to hash its PIN before it answers 503 with Retry-After
 */
@ConfigurationProperties("extauth.factor-changes")
public record FactorChangeProperties(
        @DefaultValue("5m") Duration proofWindow,
        @DefaultValue("300") int savesPerCaller,
        @DefaultValue("20") int savesPerUser,
        @DefaultValue("1h") Duration savesWindow,
        @DefaultValue("2") int pinHashingConcurrency,
        @DefaultValue("500ms") Duration pinHashingWait) {

    public FactorChangeProperties {
        if (pinHashingConcurrency < 1) {
            throw new IllegalArgumentException("extauth.factor-changes.pin-hashing-concurrency must be at least 1, not "
                    + pinHashingConcurrency);
        }
    }

    public FactorChangeRules rules() {
        return new FactorChangeRules(proofWindow);
    }
}
