package io.extauth.notification.mail.adapter;

import io.extauth.contract.Topics;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.FactorSettingsChanged;
import io.extauth.contract.events.FraudReported;
import io.extauth.contract.events.Provisioned;
import io.extauth.messaging.consumer.EventHandlers;
import io.extauth.messaging.consumer.InboundEvents;
import io.extauth.messaging.consumer.TopicListeners;
import io.extauth.notification.contact.adapter.UndoneOrders;
import io.extauth.notification.mail.Emails;
import io.github.springwolf.bindings.kafka.annotations.KafkaAsyncOperationBinding;
import io.github.springwolf.core.asyncapi.annotations.AsyncListener;
import io.github.springwolf.core.asyncapi.annotations.AsyncOperation;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;

/**
 * The events that call for an e-mail: provisioning done, factor activated, settings changed, user locked out, fraud
 * reported. A challenge result that is not a lockout is read and checked, then left alone
 * ({@link Emails#callsForMail}). A factor deactivated withdraws its order's provisioning e-mail if that is not sent
 * yet.
 */
@Component
class MailListener implements TopicListeners {

    private final InboundEvents inbound;
    private final EventHandlers onProvisioned;
    private final EventHandlers onActivated;
    private final EventHandlers onChallengeResult;

    MailListener(InboundEvents inbound, MailHandler handler, UndoneOrders undoneOrders) {
        this.inbound = inbound;
        this.onProvisioned = EventHandlers.create()
                .on(Provisioned.class, (event, envelope) -> handler.on(event, envelope.id()));
        this.onActivated = EventHandlers.create()
                .on(Activated.class, (event, envelope) -> handler.on(event, envelope.id()))
                .on(FactorSettingsChanged.class, (event, envelope) -> handler.on(event, envelope.id()))
                // one written before Deactivated named its order says nothing of which e-mail it takes back: skipped
                .on(Deactivated.class, deactivated -> deactivated.orderId() != null,
                        (event, envelope) -> undoneOrders.deactivated(event.accountId(), event.userId(),
                                Objects.requireNonNull(event.orderId()), event.at()));
        // every login's result passes here, and only a lockout calls for a mail: the others cost no transaction and
        // no inbox row (they change nothing here, so skipping them on every delivery keeps exactly-once)
        this.onChallengeResult = EventHandlers.create()
                .on(ChallengeResult.class, Emails::callsForMail, (event, envelope) -> handler.on(event, envelope.id()))
                .on(FraudReported.class, (event, envelope) -> handler.on(event, envelope.id()));
    }

    @Override
    public Map<String, RecordListener> byTopic() {
        return Map.of(Topics.AUTH_PROVISIONED, this::provisioned, Topics.AUTH_ACTIVATED, this::activated,
                Topics.AUTH_CHALLENGE_RESULT, this::challengeResult);
    }

    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_PROVISIONED, payloadType = Provisioned.class,
            description = "E-mail the user how to activate the factor; answers with EmailSent"))
    @KafkaAsyncOperationBinding
    void provisioned(ConsumerRecord<String, byte[]> record) {
        inbound.process(record, onProvisioned);
    }

    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_ACTIVATED, payloadType = Activated.class,
            description = "E-mail the user that the factor is active; answers with EmailSent"))
    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_ACTIVATED,
            payloadType = FactorSettingsChanged.class,
            description = "E-mail the user what changed in their two-factor settings, by whom and when (no PIN, the"
                    + " phone's last four digits only); answers with EmailSent (template factor-settings-changed)"))
    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_ACTIVATED, payloadType = Deactivated.class,
            description = "Keep the order it names as deactivated: the order's provisioning e-mail, if not sent yet,"
                    + " is withdrawn (status WITHDRAWN on the user's timeline, an EmailWithdrawn instead of an"
                    + " EmailSent). One without an orderId (written before it had one) is skipped"))
    @KafkaAsyncOperationBinding
    void activated(ConsumerRecord<String, byte[]> record) {
        inbound.process(record, onActivated);
    }

    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_CHALLENGE_RESULT,
            payloadType = ChallengeResult.class,
            description = "On LOCKED_OUT, e-mail the user when the lock ends and that an admin can unlock;"
                    + " answers with EmailSent (template lockout)"))
    @AsyncListener(operation = @AsyncOperation(channelName = Topics.AUTH_CHALLENGE_RESULT,
            payloadType = FraudReported.class,
            description = "E-mail each admin contact of the account (PUT /api/accounts/{accountId}/admin-contacts)"
                    + " that the user reported fraud and is blocked until an admin unlocks; answers with one"
                    + " EmailSent per admin (template fraud-reported). No admin contact: a FAILED e-mail on the"
                    + " user's timeline"))
    @KafkaAsyncOperationBinding
    void challengeResult(ConsumerRecord<String, byte[]> record) {
        inbound.process(record, onChallengeResult);
    }
}
