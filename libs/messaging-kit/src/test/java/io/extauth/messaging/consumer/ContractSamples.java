package io.extauth.messaging.consumer;

import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.ContractJson;
import io.extauth.contract.EventTypes;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.FactorChange;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.ChallengeIssued;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.EmailWithdrawn;
import io.extauth.contract.events.FactorSettingsChanged;
import io.extauth.contract.events.FraudReported;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.contract.events.OrderPlaced;
import io.extauth.contract.events.OrderRejected;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.contract.events.Unlocked;
import io.extauth.messaging.cloudevents.CloudEventCodec;
import io.extauth.messaging.cloudevents.OutgoingEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** One event of each type of the contract, and the record the kit's own writer makes of it. */
final class ContractSamples {

    static final Instant AT = Instant.parse("2026-11-30T10:15:30.123456Z");

    static final List<ExtauthEvent> ALL = List.of(
            new OrderPlaced("1234", "jane", "o-1", "jane@example.com", "PHONEFACTOR", null, "SPRING", true,
                    "billing"),
            new OrderRejected("1234", "jane", "o-2", List.of(new OrderRejected.Reason("email", "missing",
                    "An e-mail address is required"))),
            new AuthOrdered("1234", "jane", "o-1", AuthType.PHONEFACTOR, "cred-1", "jane@example.com", null,
                    new BigDecimal("4.90"), OrderChannel.BILLING, AT),
            new OrderCancelled("1234", "jane", "o-1", "admin", AT),
            new Provisioned("1234", "jane", "o-1", AuthType.SYMANTEC_VIP, "vip-77", AT),
            new ProvisioningFailed("1234", "jane", "o-1", AuthType.PHONEFACTOR, "vendor said no", 5),
            new EmailSent("1234", "jane", "o-1", "activated", "j***@example.com", "<m-1@extauth>", AT),
            new EmailWithdrawn("1234", "jane", "o-1", "provisioned-phonefactor", "<m-2@extauth>",
                    "order o-1 was cancelled", AT),
            new Activated("1234", "jane", AuthType.PHONEFACTOR, PhoneFactorMethod.SMS_ONE_TIME_PIN, AT, "jane"),
            new Deactivated("1234", "jane", "admin", AT),
            new Unlocked("1234", "jane", Unlocked.BY_TIMER, AT),
            new FactorSettingsChanged("1234", "jane", PhoneFactorMethod.APP_PIN, "jane", AT,
                    List.of(FactorChange.PIN_ADDED, FactorChange.METHOD), "+1 ***-***-1234"),
            new ChallengeIssued("1234", "jane", "c-1", LoginChannel.VPN, AuthType.PHONEFACTOR,
                    PhoneFactorMethod.PHONE_CALL_STANDARD, "+1 ***-***-1234", AT.plusSeconds(120),
                    "PhoneFactor authentication is being attempted"),
            new ChallengeResult("1234", "jane", "c-1", LoginChannel.PORTAL, ChallengeOutcome.LOCKED_OUT, 5, 0,
                    AT.plusSeconds(3600), AT),
            new FraudReported("1234", "jane", "c-2", LoginChannel.PORTAL, PhoneFactorMethod.APP_STANDARD, AT));

    private ContractSamples() {
    }

    /** The record the outbox relay would send for {@code event}, as the consumer receives it. */
    static ConsumerRecord<String, byte[]> recordOf(ExtauthEvent event, String id) {
        String topic = EventTypes.topicOf(event);
        ProducerRecord<String, byte[]> sent = CloudEventCodec.toRecord(topic, new OutgoingEvent(id,
                event.eventType(), "/test", AT, event.userId(), event.userId(),
                ContractJson.mapper().writeValueAsString(event)));
        ConsumerRecord<String, byte[]> received = new ConsumerRecord<>(topic, 0, 0, sent.key(), sent.value());
        sent.headers().forEach(header -> received.headers().add(header));
        return received;
    }
}
