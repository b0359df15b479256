package io.extauth.provisioning.adapter.vendor;

import io.extauth.service.settings.InvalidSettingException;
import io.extauth.service.settings.PlainHttpRule;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the vendors are ({@code extauth.vendors.*}, named for the vendor, whatever stands in for it: in development
 * and tests the vendor simulator answers for both).
 *
 * @param phonefactor  PhoneFactor's user directory ({@code extauth.vendors.phonefactor.*})
 * @param symantecVip  Symantec VIP's credential registry ({@code extauth.vendors.symantec-vip.*})
 * @param allowPlainHttp whether a vendor may be reached over plain http:// off this host
 *                     ({@value PlainHttpRule#ALLOW_PLAIN_HTTP}; the vendor simulator in a cluster); by default only
 *                     https:// or this host, else the service refuses to start ({@link PlainHttpRule})
 */
@ConfigurationProperties("extauth.vendors")
public record VendorProperties(@DefaultValue Endpoint phonefactor, @DefaultValue Endpoint symantecVip,
        @DefaultValue("false") boolean allowPlainHttp) {

    public VendorProperties {
        requireBaseUrl("phonefactor", phonefactor, allowPlainHttp);
        requireBaseUrl("symantec-vip", symantecVip, allowPlainHttp);
    }

    // no default: a service whose setting is missing must not quietly call whatever listens on localhost
    private static void requireBaseUrl(String vendor, Endpoint endpoint, boolean allowPlainHttp) {
        String property = "extauth.vendors." + vendor + ".base-url";
        if (endpoint.baseUrl() == null) {
            throw new InvalidSettingException(property, "is not set: where the "
                    + "vendor's API is, e.g. https://" + vendor + ".example.com (the local stack sets its simulator)");
        }
        PlainHttpRule.require(property, endpoint.baseUrl().toString(), allowPlainHttp);
    }

    /**
     * One vendor's HTTP API.
     *
     * @param baseUrl        base URL of the vendor's API; no default, the service refuses to start without it
     * @param connectTimeout how long to wait for a connection before counting the attempt as transiently failed
     * @param readTimeout    how long to wait for an answer; the retry is safe because orderId is the idempotency key
     */
    public record Endpoint(
            @Nullable URI baseUrl,
            @DefaultValue("2s") Duration connectTimeout,
            @DefaultValue("5s") Duration readTimeout) {
    }
}
