package io.extauth.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.Provisioned;
import io.extauth.messaging.consumer.DeadLetters;
import io.extauth.testsupport.RecordedEvent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The e-mails that follow provisioning and activation, each sent once, and what is dead-lettered. */
@SuppressWarnings({"rawtypes", "unchecked"})
class ProvisioningMailIntegrationTest extends NotificationIntegrationTestBase {

    @Test
    void provisionedPhoneFactorMailsTheActivationStepsInTextAndHtml() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        String eventId = upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));

        ReceivedMail mail = awaitMailTo(order.email()).get(0);

        assertThat(mail.to()).isEqualTo(order.email());
        assertThat(mail.subject()).isEqualTo("PhoneFactor has been added to your account");
        assertThat(mail.messageId()).isEqualTo("<" + eventId + ".provisioned-phonefactor@extauth>");
        assertThat(mail.text()).contains("Sign in to the portal",
                "Account settings > External authentication > PhoneFactor settings", "Answer it and press #",
                "status Active", "account " + ACCOUNT, "user " + order.userId());
        assertThat(mail.html()).contains("<li>", "PhoneFactor settings", "<strong>" + order.userId() + "</strong>");

        RecordedEvent record = topics.awaitRecord(EmailSent.class, order.userId());
        EmailSent sent = record.as(EmailSent.class);
        assertThat(sent.orderId()).isEqualTo(order.orderId());
        assertThat(sent.template()).isEqualTo("provisioned-phonefactor");
        assertThat(sent.messageId()).isEqualTo(mail.messageId());
        assertThat(sent.toMasked()).isEqualTo(masked(order));
        assertThat(sent.sentAt()).isNotNull();
        assertThat(record.value()).as("the address is in no byte of the record").doesNotContain(order.email());
    }

    @Test
    void provisionedSymantecMailsTheNextStepNamingOnlyTheCredentialsLastFour() {
        AuthOrdered order = order(AuthType.SYMANTEC_VIP, "VSST87654321");
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));

        ReceivedMail mail = awaitMailTo(order.email()).get(0);

        assertThat(mail.subject()).isEqualTo("Symantec VIP has been added to your account");
        assertThat(mail.text()).contains("enter the security code", "currently shown on credential ****4321",
                "account " + ACCOUNT, "user " + order.userId()).doesNotContain("VSST87654321");
        assertThat(mail.html()).contains("****4321").doesNotContain("VSST87654321");
        EmailSent sent = topics.awaitEvent(EmailSent.class, order.userId());
        assertThat(sent.template()).isEqualTo("provisioned-symantec-vip");
    }

    @Test
    void aRedeliveredProvisionedSendsNoSecondMailAndNoSecondEmailSent() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        String eventId = UUID.randomUUID().toString();
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order), eventId);
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order), eventId);
        // a later event of the same user on the same partition: once its mail is out, both copies were handled
        AuthOrdered later = new AuthOrdered(ACCOUNT, order.userId(), "o-" + UUID.randomUUID(), AuthType.PHONEFACTOR,
                null, order.email(), null, new BigDecimal("4.00"), OrderChannel.PORTAL, Instant.now());
        upstream.sendBinary(Topics.AUTH_ORDERED, later);
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(later));

        await("the later order's mail arrives").atMost(Duration.ofSeconds(30))
                .until(() -> mailsTo(order.email()).size() >= 2);
        topics.awaitEvent(EmailSent.class, e -> later.orderId().equals(e.orderId()));

        assertThat(mailsTo(order.email())).extracting(ReceivedMail::messageId).hasSize(2)
                .containsOnlyOnce("<" + eventId + ".provisioned-phonefactor@extauth>");
        assertThat(sentEventsOf(order)).hasSize(1);
    }

    @Test
    void provisionedBeforeItsOrderIsMailedOnceTheContactArrives() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));

        await("nothing is mailed without a contact").during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                .until(() -> mailsTo(order.email()).isEmpty());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);

        assertThat(awaitMailTo(order.email())).hasSize(1);
        topics.awaitEvent(EmailSent.class, order.userId());
    }

    @Test
    void aLateOrderMakesTheMailThatWaitedForItDueAtOnceNotAfterItsBackOff() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        String eventId = upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));
        String messageId = "<" + eventId + ".provisioned-phonefactor@extauth>";
        await("the mail was tried and waits for its contact").atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject("SELECT count(*) FROM email WHERE message_id = ? AND attempts >= 1 "
                        + "AND last_error LIKE 'no contact yet%'", Integer.class, messageId) == 1);
        // the back-off has grown long, as after a lag of minutes on auth.ordered
        jdbc.update("UPDATE email SET next_attempt_at = now() + interval '1 hour' WHERE message_id = ?", messageId);

        upstream.sendBinary(Topics.AUTH_ORDERED, order);

        await("mailed once the contact is kept, not in an hour").atMost(Duration.ofSeconds(15))
                .until(() -> !mailsTo(order.email()).isEmpty());
        assertThat(mailsTo(order.email())).hasSize(1);
    }

    @Test
    void aReorderedUsersActivationWaitsForItsOwnOrdersContactAndIsNeverMailedToTheEarlierOrdersAddress() {
        AuthOrdered earlier = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, earlier);
        await("the earlier order's contact is kept").atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM contact WHERE order_id = ?", Integer.class, earlier.orderId()) == 1);
        // re-ordered with another address; its AuthOrdered is late (its partition lags), its activation is not
        AuthOrdered reorder = new AuthOrdered(ACCOUNT, earlier.userId(), "o-" + UUID.randomUUID(),
                AuthType.PHONEFACTOR, null, "john." + UUID.randomUUID() + "@example.com", null,
                new BigDecimal("4.00"), OrderChannel.PORTAL, Instant.now());
        String eventId = upstream.sendBinary(Topics.AUTH_ACTIVATED, new Activated(ACCOUNT, earlier.userId(),
                AuthType.PHONEFACTOR, PhoneFactorMethod.PHONE_CALL_PIN, Instant.now(), earlier.userId(),
                reorder.orderId()));

        // the worker has tried it and found no contact for its order (before the fix it mailed the earlier address)
        await("the activation's mail waits for its order's contact").atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject("SELECT count(*) FROM email WHERE message_id = ? AND attempts >= 1 "
                        + "AND last_error LIKE 'no contact yet%'", Integer.class,
                        "<" + eventId + ".activated@extauth>") == 1);
        assertThat(mailsTo(earlier.email())).as("the earlier order's address").isEmpty();
        assertThat(mailsTo(reorder.email())).isEmpty();
        upstream.sendBinary(Topics.AUTH_ORDERED, reorder);

        assertThat(awaitMailTo(reorder.email())).hasSize(1);
        assertThat(topics.awaitEvent(EmailSent.class, e -> reorder.orderId().equals(e.orderId())).template())
                .isEqualTo("activated");
        assertThat(mailsTo(earlier.email())).as("the earlier order's address").isEmpty();
    }

    @Test
    void anEventThatNamesAnotherUsersOrderNeverMailsThatUser() {
        AuthOrdered others = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, others);
        await("the other user's contact is kept").atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM contact WHERE order_id = ?", Integer.class, others.orderId()) == 1);
        String careless = "user-" + UUID.randomUUID();

        String eventId = upstream.sendBinary(Topics.AUTH_ACTIVATED, new Activated(ACCOUNT, careless,
                AuthType.PHONEFACTOR, PhoneFactorMethod.PHONE_CALL_PIN, Instant.now(), careless, others.orderId()));

        await("the activation's mail was tried and waits").atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject("SELECT count(*) FROM email WHERE message_id = ? AND attempts >= 1 "
                        + "AND last_error LIKE 'no contact yet%'", Integer.class,
                        "<" + eventId + ".activated@extauth>") == 1);
        assertThat(mailsTo(others.email())).as("the order's own user's address").isEmpty();
        assertThat(topics.events(Topics.AUTH_EMAIL_SENT, e -> e.is(EmailSent.class)
                && others.orderId().equals(e.as(EmailSent.class).orderId()))).isEmpty();
    }

    @Test
    void activationIsConfirmedByMailWithTheMethod() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        String eventId = upstream.sendBinary(Topics.AUTH_ACTIVATED, new Activated(ACCOUNT, order.userId(),
                AuthType.PHONEFACTOR, PhoneFactorMethod.PHONE_CALL_PIN, Instant.now(), order.userId()));

        ReceivedMail mail = awaitMailTo(order.email()).get(0);

        assertThat(mail.subject()).isEqualTo("PhoneFactor is now active on your account");
        assertThat(mail.messageId()).isEqualTo("<" + eventId + ".activated@extauth>");
        assertThat(mail.text()).contains("enter your PIN, then press #", "VPN login");
        EmailSent sent = topics.awaitEvent(EmailSent.class, order.userId());
        assertThat(sent.template()).isEqualTo("activated");
        assertThat(sent.orderId()).isEqualTo(order.orderId());
        assertThat(sent.toMasked()).isEqualTo(masked(order));
    }

    @Test
    void aProvisionedWithoutVendorRefIsDeadLetteredNamingTheField() {
        String userId = "user-" + UUID.randomUUID();
        String data = "{\"accountId\":\"1234\",\"userId\":\"" + userId + "\",\"orderId\":\"o-1\","
                + "\"type\":\"PHONEFACTOR\",\"provisionedAt\":\"2025-01-01T10:00:00Z\"}";
        upstream.sendRaw(Topics.AUTH_PROVISIONED, userId, data.getBytes(StandardCharsets.UTF_8), "ce_specversion",
                "1.0", "ce_id", UUID.randomUUID().toString(), "ce_type", "Provisioned", "ce_source", "/test");

        RecordedEvent dead = topics.awaitEvent(Topics.deadLetterOf(Topics.AUTH_PROVISIONED),
                e -> userId.equals(e.key()));

        assertThat(dead.headers().get(DeadLetters.REASON_HEADER)).contains("vendorRef");
    }
}
