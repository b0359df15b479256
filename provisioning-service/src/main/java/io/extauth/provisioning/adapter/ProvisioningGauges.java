package io.extauth.provisioning.adapter;

import io.extauth.service.metrics.BacklogReads;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * How long orders wait for their vendor, read from the provisioning table at each scrape: the orders not provisioned
 * yet, the removals not done yet, the age of the oldest order waiting and of the oldest removal's ask. A vendor that is down, times out or answers
 * 5xx is retried without end, and no {@code ProvisioningFailed} says so (that is for a vendor's refusal, which the
 * failure-rate alert watches): a growing age is how an outage shows. An unreadable database reads as NaN
 * ({@link BacklogReads}).
 */
@Component
class ProvisioningGauges implements MeterBinder {

    /**
     * Work still to do has a next attempt, and only such rows are in the index {@code provisioning_due}: the gauges
     * read those, not every order ever taken.
     */
    private static final String WAITING = "next_attempt_at IS NOT NULL";

    private final BacklogReads reads;
    private final Clock clock;

    ProvisioningGauges(BacklogReads reads, Clock clock) {
        this.reads = reads;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("extauth.provisioning.waiting", this, gauges -> gauges.count("PENDING")).tag("work", "provision")
                .description("Orders not provisioned at their vendor yet").register(registry);
        Gauge.builder("extauth.provisioning.waiting", this, gauges -> gauges.count("DEPROVISIONING"))
                .tag("work", "removal").description("Orders taken back and not removed at their vendor yet")
                .register(registry);
        Gauge.builder("extauth.provisioning.oldest.age", this, ProvisioningGauges::oldestAgeSeconds)
                .baseUnit("seconds").description("Age of the oldest order not provisioned yet (0 when none)")
                .register(registry);
        Gauge.builder("extauth.provisioning.removal.oldest.age", this, ProvisioningGauges::oldestRemovalAgeSeconds)
                .baseUnit("seconds")
                .description("Time since the oldest removal not done yet was asked for (0 when none)")
                .register(registry);
    }

    private double count(String status) {
        return reads.rows("SELECT count(*) FROM provisioning WHERE " + WAITING + " AND status = ?",
                status);
    }

    double oldestAgeSeconds() {
        return reads.ageSeconds(clock,
                "SELECT min(created_at) FROM provisioning WHERE " + WAITING + " AND status = 'PENDING'");
    }

    /**
     * A removal is as old as its ask, not its order: an order taken back after a year of use is a removal of seconds.
     * A Symantec credential not removed holds up its next user's order, which fails after
     * {@code extauth.provisioning.credential-bound-wait}. A removal an instance of the version before asked for (a
     * rolling upgrade, a rollback) has no ask time: it is read by its last change, so it reads young, never absent.
     */
    double oldestRemovalAgeSeconds() {
        return reads.ageSeconds(clock, "SELECT min(COALESCE(removal_asked_at, updated_at)) FROM "
                + "provisioning WHERE " + WAITING + " AND status = 'DEPROVISIONING'");
    }
}
