package io.extauth.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An SMTP server that is down or stalls is retried without end and fails no e-mail, so nothing in the failure counts
 * says so: the gauges of the e-mails waiting, and of the oldest one's age, are how it shows (ExtauthEmailsWaiting).
 */
class EmailGaugesIntegrationTest extends NotificationIntegrationTestBase {

    private static final Pattern WAITING = Pattern.compile("(?m)^extauth_emails_waiting(?:\\{[^}]*})? (\\S+)$");
    private static final Pattern AGE = Pattern.compile("(?m)^extauth_emails_oldest_age_seconds(?:\\{[^}]*})? (\\S+)$");

    @Test
    void anEmailWaitingForItsServerShowsInTheBacklogAndTheOldestAge() {
        String messageId = "<waiting-" + UUID.randomUUID() + "@extauth.test>";
        double waitingBefore = scraped(WAITING);
        Timestamp queued = Timestamp.from(Instant.now().minus(Duration.ofMinutes(40)));
        // retried for 40 minutes, its next attempt an hour away (no worker takes it during the test)
        jdbc.update("""
                INSERT INTO email (message_id, event_id, template, order_id, account_id, user_id, status, event_type,
                                   event_data, attempts, next_attempt_at, created_at, last_error)
                VALUES (?, ?, 'lockout', NULL, '1234', ?, 'PENDING', 'Locked', '{}', 30, ?, ?, 'SMTP unavailable')""",
                messageId, UUID.randomUUID().toString(), "user-" + UUID.randomUUID(),
                Timestamp.from(Instant.now().plus(Duration.ofHours(1))), queued);
        try {
            assertThat(scraped(WAITING) - waitingBefore).isEqualTo(1.0);
            assertThat(scraped(AGE)).isGreaterThanOrEqualTo(Duration.ofMinutes(40).toSeconds());
        } finally {
            jdbc.update("DELETE FROM email WHERE message_id = ?", messageId);
        }
        assertThat(scraped(AGE)).as("the others are at most minutes old").isLessThan(Duration.ofMinutes(30).toSeconds());
    }

    private double scraped(Pattern metric) {
        Matcher found = metric.matcher(scrape());
        assertThat(found.find()).as("%s in the scrape", metric).isTrue();
        return Double.parseDouble(found.group(1));
    }
}
