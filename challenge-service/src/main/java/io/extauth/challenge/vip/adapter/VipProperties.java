package io.extauth.challenge.vip.adapter;

import io.extauth.service.settings.InvalidSettingException;
import io.extauth.challenge.vendor.adapter.VendorCallLimits;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Symantec VIP ({@code extauth.vendors.symantec-vip.*}; the vendor simulator in development and tests).
 *
 * @param baseUrl        where VIP's API is (by default PhoneFactor's, see the service properties); without either the
 *                       service refuses to start
 * @param connectTimeout how long to wait for a connection; then the login or activation answers 503, no strike
 * @param readTimeout    how long to wait for VIP's verdict; then 503, no strike. An attempt in flight holds one of the
 *                       user's remaining attempts for connect + read timeout + {@link #RESERVATION_MARGIN} at most
 * @param maxCallsInFlight how many validations this instance may have under way at once; beyond it, 503 and no
 *                       strike; also the number of VIP's own threads, on which requests' validations run. Unset, 64
 *                       ({@link VendorCallLimits})
 */
@ConfigurationProperties("extauth.vendors.symantec-vip")
public record VipProperties(
        String baseUrl,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration readTimeout,
        @Nullable Integer maxCallsInFlight) {

    public static final String BASE_URL = "extauth.vendors.symantec-vip.base-url";
    public static final String MAX_CALLS_IN_FLIGHT = "extauth.vendors.symantec-vip.max-calls-in-flight";

    public VipProperties {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new InvalidSettingException(BASE_URL, "is not set: where Symantec VIP's API is, e.g. "
                    + "https://vip.example.com (the local stack sets its vendor simulator)");
        }
    }

    /** Time an answer may need beyond the two timeouts to record a verdict (on VIP's thread that asked). */
    public static final Duration RESERVATION_MARGIN = Duration.ofSeconds(5);

    /** How long an attempt may wait for VIP before its reservation lapses (a crashed instance frees it then). */
    public Duration reservationLease() {
        return connectTimeout.plus(readTimeout).plus(RESERVATION_MARGIN);
    }
}
