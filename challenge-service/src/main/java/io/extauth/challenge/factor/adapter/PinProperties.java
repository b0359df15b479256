package io.extauth.challenge.factor.adapter;

import io.extauth.service.settings.SecretRules;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How PINs and one-time codes are kept ({@code extauth.pin.*}).
 *
 * @param pepper the secret mixed into every PIN and code hash, kept outside the database: at least 32 bytes, no
 *        default (the local stack generates one per home); without it the service refuses to start
 */
@ConfigurationProperties("extauth.pin")
public record PinProperties(String pepper) {

    public static final String PEPPER = "extauth.pin.pepper";

    public PinProperties {
        pepper = SecretRules.require(PEPPER, pepper);
    }

    @Override
    public String toString() {
        return "PinProperties[pepper=******]";
    }
}
