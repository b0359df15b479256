package io.extauth.provisioning.provisioning.adapter;

import io.extauth.messaging.work.RetrySettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How provisioning retries and works ({@code extauth.provisioning.*}).
 *
 * @param retry  back-off of transient vendor failures (timeouts, 5xx, connection refused); no maximum of attempts
 * @param worker the worker that calls the vendors
 */
@ConfigurationProperties("extauth.provisioning")
record ProvisioningProperties(@DefaultValue RetrySettings retry, @DefaultValue Worker worker) {

    /**
     * @param pollInterval how often the worker looks for due work (read by {@code @Scheduled})
     * @param concurrency  vendor calls one instance makes at the same time
     * @param lease        how long a claimed row belongs to the instance that claimed it; longer than a vendor call
     *                     can take (connect + read timeout), else another instance may call again (harmless: same
     *                     idempotency key)
     */
    record Worker(
            @DefaultValue("200ms") Duration pollInterval,
            @DefaultValue("4") int concurrency,
            @DefaultValue("60s") Duration lease) {
    }
}
