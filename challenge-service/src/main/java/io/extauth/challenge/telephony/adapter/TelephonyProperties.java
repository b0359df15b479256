package io.extauth.challenge.telephony.adapter;

import io.extauth.service.settings.InvalidSettingException;
import io.extauth.service.settings.SecretRules;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * PhoneFactor, the telephony gateway ({@code extauth.vendors.phonefactor.*}; the vendor simulator in development and
 * tests).
 *
 * @param baseUrl where the gateway's API is; no default (a service must not quietly call whatever listens on
 *        localhost): without it the service refuses to start
 * @param callbackSecret shared secret of the {@code X-Extauth-Signature} header on its callbacks: at least 32 bytes,
 *        no default (the local stack generates one per home); without it the service refuses to start
 * @param maxCallsInFlight how many calls, texts, pushes, status questions and cancellations this instance may have
 *        under way at the gateway at once, and the number of its own threads, on which requests' calls run; one beyond
 *        is not made (the caller gets 503). Unset, 64 ({@code VendorCallLimits})
 */
@ConfigurationProperties("extauth.vendors.phonefactor")
public record TelephonyProperties(
        String baseUrl,
        String callbackSecret,
        @Nullable Integer maxCallsInFlight) {

    public static final String BASE_URL = "extauth.vendors.phonefactor.base-url";
    public static final String CALLBACK_SECRET = "extauth.vendors.phonefactor.callback-secret";
    public static final String MAX_CALLS_IN_FLIGHT = "extauth.vendors.phonefactor.max-calls-in-flight";

    public TelephonyProperties {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new InvalidSettingException(BASE_URL, "is not set: where PhoneFactor's telephony gateway is, "
                    + "e.g. https://phonefactor.example.com (the local stack sets its vendor simulator)");
        }
        callbackSecret = SecretRules.require(CALLBACK_SECRET, callbackSecret);
    }

    @Override
    public String toString() {
        return "TelephonyProperties[baseUrl=" + baseUrl + ", callbackSecret=******, maxCallsInFlight="
                + maxCallsInFlight + "]";
    }
}
