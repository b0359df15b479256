package io.extauth.notification.mail.adapter;

import io.extauth.messaging.work.RetrySettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * E-mail settings of extauth ({@code extauth.mail.*}); the SMTP server itself is {@code spring.mail.*}.
 *
 * @param from   the sender of every e-mail
 * @param retry  back-off while SMTP is down or answers 4xx, or the contact has not arrived; no maximum of attempts
 * @param worker the worker that sends
 * @param smtp   bounds on what the SMTP server may make one e-mail cost
 * @param allowPlainAuth whether credentials ({@code spring.mail.username}) may go to the SMTP server without TLS;
 *               by default the service refuses to start so ({@link SmtpTlsRule})
 */
@ConfigurationProperties("extauth.mail")
record MailProperties(
        @DefaultValue("extauth <no-reply@extauth.local>") String from,
        @DefaultValue RetrySettings retry,
        @DefaultValue Worker worker,
        @DefaultValue Smtp smtp,
        @DefaultValue("false") boolean allowPlainAuth) {

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

    /**
     * What the SMTP server may make one e-mail cost, whatever it answers ({@link BoundedSmtpSockets}): Angus Mail
     * bounds neither a reply's size nor a conversation's length, only each read's wait ({@code mail.smtp.timeout}).
     *
     * @param maxReplySize the most one reply (to one command) may be; a longer one fails the attempt, retried as a
     *                     server that is down. No SMTP server says more than a few KiB, a TLS handshake's certificates
     *                     included
     * @param sendDeadline how long one e-mail's SMTP conversation may last, a kept connection that failed and the
     *                     fresh one after it together; then it fails as a reply that timed out (retried; unconfirmed
     *                     once the whole e-mail was handed over). Bounds how long a server that trickles its replies
     *                     holds a worker, whose lease is renewed however slow the server is; also the longest a stop
     *                     waits for the answers to sends whose end of data went
     */
    record Smtp(
            @DefaultValue("64KB") DataSize maxReplySize,
            @DefaultValue("10m") Duration sendDeadline) {

        Smtp {
            if (maxReplySize.toBytes() < 1 || sendDeadline.toMillis() < 1) {
                throw new IllegalArgumentException(
                        "extauth.mail.smtp.max-reply-size and extauth.mail.smtp.send-deadline must be positive");
            }
        }
    }
}
