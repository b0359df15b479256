package io.extauth.challenge.factor.adapter;

import io.extauth.challenge.factor.FactorChangeRules;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Proof for weakening an active factor ({@code extauth.factor-changes.*}).
 *
 * @param proofWindow how recently the user must have passed a challenge for the portal to drop or replace the PIN,
 * replace a phone or set status INACTIVE; default 5 minutes (long enough to run a challenge and then save, short
 * enough that a session stolen later cannot use an old login)
 */
@ConfigurationProperties("extauth.factor-changes")
public record FactorChangeProperties(@DefaultValue("5m") Duration proofWindow) {

    public FactorChangeRules rules() {
        return new FactorChangeRules(proofWindow);
    }
}
