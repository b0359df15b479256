package io.extauth.challenge.telephony.adapter;

import io.extauth.service.settings.SecretRules;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * PhoneFactor, the telephony gateway ({@code extauth.vendors.phonefactor.*}; the vendor simulator in development and
 * tests).
 *
 * @param baseUrl where the gateway's API is
 * @param callbackSecret shared secret of the {@code X-Extauth-Signature} header on its callbacks: at least 32 bytes,
 *        no default (the local stack generates one per home); without it the service refuses to start
 */
@ConfigurationProperties("extauth.vendors.phonefactor")
public record TelephonyProperties(
        @DefaultValue("http://127.0.0.1:8089") String baseUrl,
        String callbackSecret) {

    public static final String CALLBACK_SECRET = "extauth.vendors.phonefactor.callback-secret";

    public TelephonyProperties {
        callbackSecret = SecretRules.require(CALLBACK_SECRET, callbackSecret);
    }

    @Override
    public String toString() {
        return "TelephonyProperties[baseUrl=" + baseUrl + ", callbackSecret=******]";
    }
}
