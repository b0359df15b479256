package io.extauth.challenge.telephony.adapter;

import io.extauth.challenge.vendor.adapter.VendorCallLimits;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the gateway may take ({@code extauth.vendors.phonefactor.connect-timeout} and {@code read-timeout}) and how
 * many calls it may have at once ({@code max-calls-in-flight}); past a timeout, or beyond the bound, a verification is
 * forgotten, a login challenge ends NOT_DELIVERED (no strike), and the caller gets 503.
 *
 * @param connectTimeout   how long to wait for a connection
 * @param readTimeout      how long to wait for the gateway's answer to place a call, text or push
 * @param maxCallsInFlight how many calls, texts, pushes, status questions and cancellations this instance may have
 *                         under way at once; unset, a third of the request threads ({@link VendorCallLimits})
 */
@ConfigurationProperties("extauth.vendors.phonefactor")
public record TelephonyTimeouts(@DefaultValue("2s") Duration connectTimeout, @DefaultValue("5s") Duration readTimeout,
        @Nullable Integer maxCallsInFlight) {

    public static final String MAX_CALLS_IN_FLIGHT = "extauth.vendors.phonefactor.max-calls-in-flight";
}
