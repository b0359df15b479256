package io.extauth.service.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;

/**
 * How far the outbox relay is behind, read from the outbox table at each scrape: rows waiting and the age of the
 * oldest. A growing age means events are committed but not reaching Kafka (broker down, a partition without a
 * leader). An unreadable database reads as NaN ({@link BacklogReads}).
 */
final class OutboxGauges implements MeterBinder {

    private final BacklogReads reads;
    private final Clock clock;

    OutboxGauges(BacklogReads reads, Clock clock) {
        this.reads = reads;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("extauth.outbox.backlog", this, OutboxGauges::backlog)
                .description("Events in the outbox not yet acknowledged by Kafka").register(registry);
        Gauge.builder("extauth.outbox.oldest.age", this, OutboxGauges::oldestAgeSeconds).baseUnit("seconds")
                .description("Age of the oldest event waiting in the outbox (0 when empty)").register(registry);
    }

    double backlog() {
        return reads.rows("SELECT count(*) FROM outbox");
    }

    double oldestAgeSeconds() {
        return reads.ageSeconds(clock, "SELECT min(occurred_at) FROM outbox");
    }
}
