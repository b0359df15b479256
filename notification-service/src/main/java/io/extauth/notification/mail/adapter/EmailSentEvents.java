package io.extauth.notification.mail.adapter;

import io.extauth.contract.Topics;
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.EmailWithdrawn;
import io.extauth.messaging.outbox.Change;
import io.extauth.messaging.outbox.Outbox;
import io.github.springwolf.bindings.kafka.annotations.KafkaAsyncOperationBinding;
import io.github.springwolf.core.asyncapi.annotations.AsyncOperation;
import io.github.springwolf.core.asyncapi.annotations.AsyncPublisher;
import org.springframework.stereotype.Component;

/**
 * Tells the others, through the outbox, that an e-mail went out (the address masked) or was withdrawn: each event
 * stored in one statement with the change of the e-mail's row it is about.
 */
@Component
class EmailSentEvents {

    private final Outbox outbox;

    EmailSentEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    @AsyncPublisher(operation = @AsyncOperation(channelName = Topics.AUTH_EMAIL_SENT, payloadType = EmailSent.class,
            description = "An e-mail was accepted by the SMTP server; the recipient is masked"))
    @KafkaAsyncOperationBinding
    boolean sent(Change sent, EmailSent event) {
        return outbox.changeAndPublish(sent, event);
    }

    @AsyncPublisher(operation = @AsyncOperation(channelName = Topics.AUTH_EMAIL_SENT,
            payloadType = EmailWithdrawn.class, description = "An e-mail was not sent and will not be: the"
                    + " provisioning e-mail of an order cancelled, or whose factor was deactivated, before it went out"
                    + " (no EmailSent for its messageId)"))
    @KafkaAsyncOperationBinding
    boolean withdrawn(Change withdrawn, EmailWithdrawn event) {
        return outbox.changeAndPublish(withdrawn, event);
    }
}
