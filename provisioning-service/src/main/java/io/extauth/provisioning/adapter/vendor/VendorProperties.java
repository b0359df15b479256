package io.extauth.provisioning.adapter.vendor;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the vendors are ({@code extauth.simulator.*}: in development and tests the vendor simulator).
 *
 * @param baseUrl        base URL of the vendors' HTTP APIs
 * @param connectTimeout how long to wait for a connection before counting the attempt as transiently failed
 * @param readTimeout    how long to wait for an answer; the retry is safe because orderId is the idempotency key
 */
@ConfigurationProperties("extauth.simulator")
public record VendorProperties(
        @DefaultValue("http://127.0.0.1:8089") URI baseUrl,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration readTimeout) {
}
