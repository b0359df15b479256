package io.extauth.notification.mail.adapter;

import io.extauth.messaging.work.RetrySettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * E-mail settings of extauth ({@code extauth.mail.*}); the SMTP server itself is {@code spring.mail.*}.
 *
 * @param from   the sender of every e-mail
 * @param retry  back-off while SMTP is down or answers 4xx, or the contact has not arrived; no maximum of attempts
 * @param worker the worker that sends
 */
@ConfigurationProperties("extauth.mail")
record MailProperties(
        @DefaultValue("extauth <no-reply@extauth.local>") String from,
        @DefaultValue RetrySettings retry,
        @DefaultValue Worker worker) {

    /**
     * @param pollInterval how often the worker looks for due e-mails (the worker's own timer, from start)
     * @param concurrency  e-mails one instance sends at the same time
     * @param lease        how long a claimed e-mail belongs to the instance that claimed it without renewal; renewed
     *                     every third of it while the SMTP conversation runs, so it need not outlast the conversation,
     *                     only two missed renewals; also how long the e-mail of a dead instance waits before another
     *                     instance sends it
     * @param claimAhead   due e-mails one claim statement takes beyond the free slots in a backlog; they wait
     *                     for a free slot, their leases kept, so a backlog of N costs N / (1 + claimAhead) claim
     *                     statements, not N; 0 claims no more than the free slots
     * @param wakeOnNewWork whether an e-mail the listener queues is claimed as soon as its transaction commits, on the
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
