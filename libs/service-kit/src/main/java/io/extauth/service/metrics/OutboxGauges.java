package io.extauth.service.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Timestamp;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How far the outbox relay is behind, read from the outbox table at each scrape: rows waiting and the age of the
 * oldest. A growing age means events are committed but not reaching Kafka (broker down, a partition without a
 * leader). An unreadable database reads as NaN, which alerts on absence rather than on a made-up zero.
 */
final class OutboxGauges implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(OutboxGauges.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    OutboxGauges(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
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
        try {
            Long rows = jdbc.queryForObject("SELECT count(*) FROM outbox", Long.class);
            return rows == null ? 0 : rows;
        } catch (DataAccessException e) {
            log.debug("Outbox backlog unreadable: {}", e.getMessage());
            return Double.NaN;
        }
    }

    double oldestAgeSeconds() {
        try {
            Timestamp oldest = jdbc.queryForObject("SELECT min(occurred_at) FROM outbox", Timestamp.class);
            return oldest == null ? 0 : Math.max(0, (clock.millis() - oldest.getTime()) / 1000.0);
        } catch (DataAccessException e) {
            log.debug("Outbox age unreadable: {}", e.getMessage());
            return Double.NaN;
        }
    }
}
