package io.extauth.notification.mail.adapter;

import io.extauth.service.metrics.BacklogReads;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * How long e-mails wait to be sent, read from the e-mail queue at each scrape: the e-mails not sent yet and the age of
 * the oldest. An SMTP server that is down, slow or answers 4xx is retried without end, and an e-mail waiting for its
 * address (a contact not read yet) waits as long: nothing fails, so {@code extauth_emails_failed_total} never says so
 * (the diff review of session 63 found a stalled server would hold lockout and fraud e-mails for hours unseen); a
 * growing age is how it shows. An unreadable database reads as NaN ({@link BacklogReads}).
 */
@Component
class EmailGauges implements MeterBinder {

    /**
     * An e-mail still to send has a next attempt, and only such rows are in the index {@code email_due}: the gauges
     * read those, not every e-mail ever sent.
     */
    private static final String WAITING = "next_attempt_at IS NOT NULL";

    private final BacklogReads reads;
    private final Clock clock;

    EmailGauges(BacklogReads reads, Clock clock) {
        this.reads = reads;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("extauth.emails.waiting", this, EmailGauges::waiting)
                .description("E-mails not sent yet").register(registry);
        Gauge.builder("extauth.emails.oldest.age", this, EmailGauges::oldestAgeSeconds).baseUnit("seconds")
                .description("Age of the oldest e-mail not sent yet (0 when none)").register(registry);
    }

    private double waiting() {
        return reads.rows("SELECT count(*) FROM email WHERE " + WAITING + " AND status = 'PENDING'");
    }

    double oldestAgeSeconds() {
        return reads.ageSeconds(clock,
                "SELECT min(created_at) FROM email WHERE " + WAITING + " AND status = 'PENDING'");
    }
}
