package io.extauth.provisioning.adapter;

import io.extauth.messaging.work.RetrySettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How provisioning retries and works ({@code extauth.provisioning.*}).
 *
 * @param retry               back-off of transient vendor failures (timeouts, 5xx, connection refused); no maximum of
 *                            attempts
 * @param worker              the worker that calls the vendors
 * @param credentialBoundWait how long after it was ordered a Symantec order VIP refuses because another user holds its
 *                            credential ({@code CREDENTIAL_BOUND_ELSEWHERE}) is retried, with the back-off, for that
 *                            user's removal to begin here (its {@code Deactivated} is read on another topic); past it
 *                            the refusal is for good
 */
@ConfigurationProperties("extauth.provisioning")
record ProvisioningProperties(@DefaultValue RetrySettings retry, @DefaultValue Worker worker,
        @DefaultValue("10m") Duration credentialBoundWait) {

    /**
     * @param pollInterval how often the worker looks for due work (the worker's own timer, from start)
     * @param concurrency  vendor calls one instance makes at the same time
     * @param lease        how long a claimed row belongs to the instance that claimed it without renewal; renewed
     *                     every third of it while the vendor call runs, so it only needs to outlast two missed renewals;
     *                     also how long the work of a dead instance waits before another takes it over (a repeated
     *                     call is harmless: same idempotency key)
     * @param claimAhead   due vendor calls one claim statement takes beyond the free slots in a backlog; they wait
     *                     for a free slot, their leases kept, so a backlog of N costs N / (1 + claimAhead) claim
     *                     statements, not N; 0 claims no more than the free slots
     * @param wakeOnNewWork whether an order the listener queues is claimed as soon as its transaction commits, on the
     *                      worker's own thread; without it, it waits for the next poll (up to pollInterval)
     */
    record Worker(
            @DefaultValue("1s") Duration pollInterval,
            @DefaultValue("4") int concurrency,
            @DefaultValue("15s") Duration lease,
            @DefaultValue("4") int claimAhead,
            @DefaultValue("true") boolean wakeOnNewWork) {
    }
}
