package io.extauth.challenge.telephony;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The telephony gateway ({@code extauth.simulator.*}; the vendor simulator in development and tests).
 *
 * @param baseUrl where the gateway's API is
 * @param callbackSecret shared secret of the {@code X-Extauth-Signature} header on its callbacks
 */
@ConfigurationProperties("extauth.simulator")
public record TelephonyProperties(
        @DefaultValue("http://127.0.0.1:8089") String baseUrl,
        @DefaultValue("dev-callback-secret") String callbackSecret) {

    @Override
    public String toString() {
        return "TelephonyProperties[baseUrl=" + baseUrl + ", callbackSecret=******]";
    }
}
