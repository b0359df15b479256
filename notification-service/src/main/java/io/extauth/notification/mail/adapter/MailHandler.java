package io.extauth.notification.mail.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.extauth.contract.ContractJson;
import io.extauth.contract.ExtauthEvent;
import io.extauth.notification.mail.Emails;
import io.extauth.notification.mail.MailTemplate;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records the e-mail an event calls for, inside the messaging kit's inbox transaction, and returns at once: the
 * {@link MailWorker} writes and sends it, so neither a missing contact nor an SMTP server that is down holds up the
 * partition. The row is keyed by the Message-ID derived from the event: one event, one e-mail.
 */
@Component
class MailHandler {

    private static final Logger log = LoggerFactory.getLogger(MailHandler.class);

    private final EmailQueue queue;
    private final Clock clock;

    MailHandler(EmailQueue queue, Clock clock) {
        this.queue = queue;
        this.clock = clock;
    }

    void on(ExtauthEvent event, String eventId) {
        if (!Emails.callsForMail(event)) {
            return;
        }
        MailTemplate template = Emails.templateFor(event);
        String messageId = Emails.messageId(eventId, template);
        EmailQueue.Queued email = new EmailQueue.Queued(messageId, eventId, template,
                Emails.orderOf(event).orElse(null), event.accountId(), event.userId(), event.eventType(), json(event));
        if (queue.enqueue(email, clock.instant())) {
            log.info("E-mail {} ({}) to user {} of account {} is queued", messageId, template.templateName(),
                    event.userId(), event.accountId());
        } else {
            log.info("E-mail {} was queued before; not again", messageId);
        }
    }

    private static String json(ExtauthEvent event) {
        try {
            return ContractJson.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event cannot be written as JSON: " + event.eventType(), e);
        }
    }
}
