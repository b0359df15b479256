package io.extauth.notification.mail.adapter;

import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.Masking;
import io.extauth.messaging.cloudevents.EventJson;
import io.extauth.notification.contact.AdminContact;
import io.extauth.notification.contact.adapter.AdminContacts;
import io.extauth.notification.mail.Emails;
import io.extauth.notification.mail.MailTemplate;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records the e-mail an event calls for, inside the messaging kit's inbox transaction, and returns at once: the
 * {@link MailWorker} writes and sends it, so neither a missing contact nor an SMTP server that is down holds up the
 * partition. The row is keyed by the Message-ID derived from the event: one event, one e-mail. The worker is told of
 * the e-mail, and claims it once the transaction commits instead of at its next poll.
 */
@Component
class MailHandler {

    private static final Logger log = LoggerFactory.getLogger(MailHandler.class);

    private final QueuedEmails queue;
    private final AdminContacts adminContacts;
    private final MailWorker worker;
    private final MessageIdKeys messageIdKeys;
    private final Clock clock;

    MailHandler(QueuedEmails queue, AdminContacts adminContacts, MailWorker worker, MessageIdKeys messageIdKeys,
            Clock clock) {
        this.queue = queue;
        this.adminContacts = adminContacts;
        this.worker = worker;
        this.messageIdKeys = messageIdKeys;
        this.clock = clock;
    }

    void on(ExtauthEvent event, String eventId) {
        if (!Emails.callsForMail(event)) {
            return;
        }
        MailTemplate template = Emails.templateFor(event);
        if (Emails.toAccountAdmins(event)) {
            toAccountAdmins(event, eventId, template);
            return;
        }
        String messageId = Emails.messageId(eventId, template);
        QueuedEmails.Queued email = new QueuedEmails.Queued(messageId, eventId, template,
                Emails.orderOf(event).orElse(null), event.accountId(), event.userId(), event.eventType(), json(event),
                null);
        if (queue.enqueue(email, clock.instant())) {
            worker.workAdded();
            log.debug("E-mail {} ({}) to user {} of account {} is queued", messageId, template.templateName(),
                    event.userId(), event.accountId());
        } else {
            log.debug("E-mail {} was queued before; not again", messageId);
        }
    }

    /**
     * One e-mail per admin contact of the account, each with its own Message-ID (event id + the recipient's keyed
     * part), so each admin gets the message once. No admin contact: a FAILED row with the reason, on the user's
     * timeline, never nothing.
     */
    private void toAccountAdmins(ExtauthEvent event, String eventId, MailTemplate template) {
        List<AdminContact> admins = adminContacts.of(event.accountId());
        String data = json(event);
        if (admins.isEmpty()) {
            String reason = "no admin contact for account " + event.accountId();
            QueuedEmails.Queued failed = new QueuedEmails.Queued(Emails.messageId(eventId, template), eventId, template,
                    null, event.accountId(), event.userId(), event.eventType(), data, null);
            if (queue.recordFailed(failed, reason, clock.instant())) {
                log.warn("{} of user {} of account {} mails nobody: {}; set them with PUT"
                        + " /api/accounts/{}/admin-contacts", event.eventType(), event.userId(), event.accountId(),
                        reason, event.accountId());
            }
            return;
        }
        for (AdminContact admin : admins) {
            String messageId = Emails.messageId(eventId, template, admin.email(), messageIdKeys.key());
            QueuedEmails.Queued email = new QueuedEmails.Queued(messageId, eventId, template, null, event.accountId(),
                    event.userId(), event.eventType(), data, admin.email());
            if (queue.enqueue(email, clock.instant())) {
                worker.workAdded();
                log.debug("E-mail {} ({}) about user {} to admin {} of account {} is queued", messageId,
                        template.templateName(), event.userId(), Masking.email(admin.email()), event.accountId());
            }
        }
    }

    /** The event as the outbox writes it (by hand, as Jackson would: issue 14), for the worker to read back. */
    private static String json(ExtauthEvent event) {
        return EventJson.write(event);
    }
}
