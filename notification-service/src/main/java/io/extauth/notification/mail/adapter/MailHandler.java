package io.extauth.notification.mail.adapter;

import io.extauth.contract.events.Activated;
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.Provisioned;
import io.extauth.notification.contact.Contact;
import io.extauth.notification.contact.Contacts;
import io.extauth.notification.mail.ContactNotYetKnownException;
import io.extauth.notification.mail.Email;
import io.extauth.notification.mail.Emails;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the e-mail an event calls for, inside the messaging kit's inbox transaction: the row in {@code sent_email},
 * the SMTP hand-over and the {@code EmailSent} event commit together, and a redelivered event sends nothing.
 */
@Component
class MailHandler {

    private static final Logger log = LoggerFactory.getLogger(MailHandler.class);

    private final Contacts contacts;
    private final SentEmails sentEmails;
    private final SmtpMailer mailer;
    private final EmailSentEvents events;
    private final Clock clock;

    MailHandler(Contacts contacts, SentEmails sentEmails, SmtpMailer mailer, EmailSentEvents events, Clock clock) {
        this.contacts = contacts;
        this.sentEmails = sentEmails;
        this.mailer = mailer;
        this.events = events;
        this.clock = clock;
    }

    void provisioned(Provisioned event, String eventId) {
        Contact contact = contacts.ofOrder(event.orderId()).orElseThrow(() -> new ContactNotYetKnownException(
                "No contact for order " + event.orderId() + " yet: its AuthOrdered has not been read"));
        send(Emails.provisioned(contact, event, eventId), eventId);
    }

    void activated(Activated event, String eventId) {
        Contact contact = contacts.latestOf(event.accountId(), event.userId())
                .orElseThrow(() -> new ContactNotYetKnownException("No contact for user " + event.userId()
                        + " of account " + event.accountId() + " yet: no AuthOrdered of theirs has been read"));
        send(Emails.activated(contact, event, eventId), eventId);
    }

    private void send(Email email, String eventId) {
        Instant now = clock.instant();
        if (!sentEmails.record(email, eventId, now)) {
            log.info("E-mail {} was sent before; not again", email);
            return;
        }
        mailer.send(email);
        events.sent(new EmailSent(email.accountId(), email.userId(), email.orderId(), email.template().templateName(),
                email.toMasked(), email.messageId(), now));
        log.info("Sent {} to user {} of account {}", email, email.userId(), email.accountId());
    }
}
