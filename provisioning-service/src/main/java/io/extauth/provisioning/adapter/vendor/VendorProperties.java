package io.extauth.provisioning.adapter.vendor;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the vendors are ({@code extauth.vendors.*}, named for the vendor, whatever stands in for it: in development
 * and tests the vendor simulator answers for both).
 *
 * @param phonefactor  PhoneFactor's user directory ({@code extauth.vendors.phonefactor.*})
 * @param symantecVip  Symantec VIP's credential registry ({@code extauth.vendors.symantec-vip.*})
 */
@ConfigurationProperties("extauth.vendors")
public record VendorProperties(@DefaultValue Endpoint phonefactor, @DefaultValue Endpoint symantecVip) {

    /**
     * One vendor's HTTP API.
     *
     * @param baseUrl        base URL of the vendor's API
     * @param connectTimeout how long to wait for a connection before counting the attempt as transiently failed
     * @param readTimeout    how long to wait for an answer; the retry is safe because orderId is the idempotency key
     */
    public record Endpoint(
            @DefaultValue("http://127.0.0.1:8089") URI baseUrl,
            @DefaultValue("2s") Duration connectTimeout,
            @DefaultValue("5s") Duration readTimeout) {
    }
}
