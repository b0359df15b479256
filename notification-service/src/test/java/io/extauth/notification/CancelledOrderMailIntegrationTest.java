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
import io.extauth.contract.events.EmailWithdrawn;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.messaging.consumer.DeadLetters;
import io.extauth.notification.contact.Contact;
import io.extauth.notification.contact.adapter.Contacts;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestJwt;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * order-service may take a cancel before it reads the order's {@code Provisioned}; provisioning-service then removes
 * the vendor's user. The provisioning e-mail that tells the user to activate it is withdrawn while it is not sent yet
 * (WITHDRAWN on the timeline, an {@code EmailWithdrawn} instead of an {@code EmailSent}), whichever of the two topics
 * is read first and whether or not the order's contact is kept; one already sent stays sent. Before, it went out and
 * sent the user to a factor that was gone.
 */
class CancelledOrderMailIntegrationTest extends NotificationIntegrationTestBase {

    @Autowired
    Contacts contacts;

    /** Counted as every event is, by the outbox once it commits. */
    private static final Pattern WITHDRAWN_COUNT = Pattern.compile("extauth_events_published_total\\{[^}]*"
            + "reason=\"provisioned-phonefactor\"[^}]*type=\"EmailWithdrawn\"[^}]*} ([0-9.]+)");

    @Test
    void aProvisionedReadAfterItsOrdersCancelIsWithdrawnAndMailsNobody() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        double withdrawnBefore = withdrawnCount();
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        Instant cancelledAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        awaitHandled(upstream.sendBinary(Topics.AUTH_ORDERED, cancel(order, cancelledAt)));
        // a second cancel of the order (another admin, a replay with a new id): the first one's time is kept
        awaitHandled(upstream.sendBinary(Topics.AUTH_ORDERED, cancel(order, cancelledAt.plusSeconds(60))));

        String eventId = upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));

        EmailWithdrawn withdrawn = topics.awaitEvent(EmailWithdrawn.class, order.userId());
        assertThat(statusOfOrder(order)).isEqualTo("WITHDRAWN");
        assertThat(withdrawn.orderId()).isEqualTo(order.orderId());
        assertThat(withdrawn.template()).isEqualTo("provisioned-phonefactor");
        assertThat(withdrawn.messageId()).isEqualTo("<" + eventId + ".provisioned-phonefactor@extauth>");
        assertThat(withdrawn.reason()).contains("order " + order.orderId() + " was cancelled at " + cancelledAt);
        assertThat(cancelledAt(order)).isEqualTo(cancelledAt);
        await("the withdrawal is counted").atMost(Duration.ofSeconds(10))
                .until(() -> withdrawnCount() >= withdrawnBefore + 1);
        assertThat(mailsTo(order.email())).isEmpty();
        assertThat(sentEventsOf(order)).isEmpty();
        List<Map<String, Object>> timeline = emailsOf(order.userId(), TestJwt.admin(ACCOUNT)).getBody();
        assertThat(timeline).singleElement().satisfies(entry -> {
            assertThat(entry).containsEntry("status", "WITHDRAWN").containsEntry("template", "provisioned-phonefactor")
                    .containsEntry("orderId", order.orderId());
            assertThat((String) entry.get("failureReason")).contains("not told to activate");
            assertThat(entry.get("sentAt")).isNull();
            assertThat(entry.get("nextAttemptAt")).isNull();
        });
    }

    @Test
    void aCancelReadWhileItsOrderIsNotKeptHereStillWithdrawsAndTheOrderReplayedLaterMailsNobody() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        // the order's AuthOrdered was dead-lettered here (a database outage); its cancel behind it was read
        awaitHandled(upstream.sendBinary(Topics.AUTH_ORDERED, cancel(order, Instant.now())));

        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));

        topics.awaitEvent(EmailWithdrawn.class, order.userId());
        assertThat(statusOfOrder(order)).isEqualTo("WITHDRAWN");
        // an operator replays the AuthOrdered from the dead letters: its contact is kept, and nothing is due
        awaitHandled(upstream.sendBinary(Topics.AUTH_ORDERED, order));
        await("nothing is mailed").during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> mailsTo(order.email()).isEmpty());
        assertThat(statusOfOrder(order)).isEqualTo("WITHDRAWN");
        assertThat(sentEventsOf(order)).isEmpty();
    }

    @Test
    void aProvisioningMailWaitingOutAnSmtpOutageIsWithdrawnWhenItsOrderIsCancelled() {
        AuthOrdered order = order(AuthType.SYMANTEC_VIP, "VSST87654321");
        awaitHandled(upstream.sendBinary(Topics.AUTH_ORDERED, order));
        int port = stopSmtp();
        try {
            upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));
            await("the e-mail is tried while SMTP is down").atMost(Duration.ofSeconds(30))
                    .until(() -> attemptsOfOrder(order) >= 1 && "PENDING".equals(statusOfOrder(order)));

            awaitHandled(upstream.sendBinary(Topics.AUTH_ORDERED, cancel(order, Instant.now())));

            // still down: the next attempt withdraws it without asking SMTP
            assertThat(await("the e-mail's outcome at its next attempt").atMost(Duration.ofSeconds(90))
                    .until(() -> statusOfOrder(order), CancelledOrderMailIntegrationTest::settled))
                    .isEqualTo("WITHDRAWN");
        } finally {
            startSmtpOn(port);
        }
        assertThat(topics.awaitEvent(EmailWithdrawn.class, order.userId()).template())
                .isEqualTo("provisioned-symantec-vip");
        assertThat(mailsTo(order.email())).isEmpty();
        assertThat(sentEventsOf(order)).isEmpty();
    }

    @Test
    void anOrderCancelledAfterItsMailWasSentLeavesItSentAndTheUsersNextOrderIsMailed() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));
        assertThat(awaitMailTo(order.email())).hasSize(1);
        topics.awaitEvent(EmailSent.class, e -> order.orderId().equals(e.orderId()));

        awaitHandled(upstream.sendBinary(Topics.AUTH_ORDERED, cancel(order, Instant.now())));
        // the user is ordered again: the new order is not the cancelled one
        AuthOrdered again = new AuthOrdered(ACCOUNT, order.userId(), "o-" + UUID.randomUUID(), AuthType.PHONEFACTOR,
                null, "again." + UUID.randomUUID() + "@example.com", null, new BigDecimal("4.00"),
                OrderChannel.PORTAL, Instant.now());
        upstream.sendBinary(Topics.AUTH_ORDERED, again);
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(again));

        assertThat(awaitMailTo(again.email())).hasSize(1);
        topics.awaitEvent(EmailSent.class, e -> again.orderId().equals(e.orderId()));
        assertThat(statusOfOrder(order)).isEqualTo("SENT");
        assertThat(sentEventsOf(order)).hasSize(1);
        assertThat(mailsTo(order.email())).hasSize(1);
        assertThat(topics.events(Topics.AUTH_EMAIL_SENT, e -> e.is(EmailWithdrawn.class)
                && order.userId().equals(e.as(EmailWithdrawn.class).userId()))).isEmpty();
    }

    /** A careless or hostile writer of auth.ordered: a cancel that names another user's order withdraws nothing. */
    @Test
    void aCancelThatNamesAnotherUsersOrderWithdrawsNothingOfThatUser() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        awaitHandled(upstream.sendBinary(Topics.AUTH_ORDERED, new OrderCancelled(ACCOUNT, "user-" + UUID.randomUUID(),
                order.orderId(), "admin-1", Instant.now())));

        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));

        assertThat(awaitMailTo(order.email())).hasSize(1);
        assertThat(topics.awaitEvent(EmailSent.class, e -> order.orderId().equals(e.orderId())).template())
                .isEqualTo("provisioned-phonefactor");
        assertThat(statusOfOrder(order)).isEqualTo("SENT");
    }

    /**
     * An event written before events named their order is about the factor the user has, and a cancelled order never
     * became it: a re-order cancelled after the earlier order's factor was active does not take that factor's notices
     * to its own address. Before, the latest contact was taken whatever became of its order.
     */
    @Test
    void anEventThatNamesNoOrderGoesToTheLatestOrderThatWasNotCancelledNotToACancelledReorder() {
        AuthOrdered active = order(AuthType.PHONEFACTOR, null);
        awaitHandled(upstream.sendBinary(Topics.AUTH_ORDERED, active));
        AuthOrdered reorder = new AuthOrdered(ACCOUNT, active.userId(), "o-" + UUID.randomUUID(),
                AuthType.PHONEFACTOR, null, "john." + UUID.randomUUID() + "@example.com", null,
                new BigDecimal("4.00"), OrderChannel.PORTAL, active.orderedAt().plusSeconds(60));
        awaitHandled(upstream.sendBinary(Topics.AUTH_ORDERED, reorder));
        awaitHandled(upstream.sendBinary(Topics.AUTH_ORDERED, cancel(reorder, Instant.now())));

        String eventId = upstream.sendBinary(Topics.AUTH_ACTIVATED, new Activated(ACCOUNT, active.userId(),
                AuthType.PHONEFACTOR, PhoneFactorMethod.PHONE_CALL_PIN, Instant.now(), active.userId()));

        assertThat(awaitMailTo(active.email())).singleElement()
                .satisfies(mail -> assertThat(mail.messageId()).isEqualTo("<" + eventId + ".activated@extauth>"));
        assertThat(topics.awaitEvent(EmailSent.class, e -> active.userId().equals(e.userId())).orderId())
                .isEqualTo(active.orderId());
        assertThat(mailsTo(reorder.email())).as("the cancelled re-order's address").isEmpty();
        // the worker's own look-up, when its claim found no contact: the same choice; and with every order of the
        // user cancelled, the latest of them
        assertThat(contacts.latestOf(ACCOUNT, active.userId())).map(Contact::orderId).contains(active.orderId());
        awaitHandled(upstream.sendBinary(Topics.AUTH_ORDERED, cancel(active, Instant.now())));
        assertThat(contacts.latestOf(ACCOUNT, active.userId())).map(Contact::orderId).contains(reorder.orderId());
    }

    @Test
    void aCancelWithoutItsOrderIsDeadLetteredNamingTheFieldAndKeepsNothing() {
        String userId = "user-" + UUID.randomUUID();
        String data = "{\"accountId\":\"" + ACCOUNT + "\",\"userId\":\"" + userId + "\",\"cancelledBy\":\"admin-1\","
                + "\"at\":\"2026-12-04T10:00:00Z\"}";
        upstream.sendRaw(Topics.AUTH_ORDERED, userId, data.getBytes(StandardCharsets.UTF_8), "ce_specversion", "1.0",
                "ce_id", UUID.randomUUID().toString(), "ce_type", "OrderCancelled", "ce_source", "/test");

        RecordedEvent dead = topics.awaitEvent(Topics.deadLetterOf(Topics.AUTH_ORDERED), e -> userId.equals(e.key()));

        assertThat(dead.headers().get(DeadLetters.REASON_HEADER)).contains("orderId");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM cancelled_order WHERE user_id = ?", Integer.class,
                userId)).isZero();
    }

    /** An e-mail's status once the worker is done with it: not queued, not waiting. */
    private static boolean settled(String status) {
        return !"NONE".equals(status) && !"PENDING".equals(status);
    }

    private static OrderCancelled cancel(AuthOrdered order, Instant at) {
        return new OrderCancelled(order.accountId(), order.userId(), order.orderId(), "admin-1", at);
    }

    private Instant cancelledAt(AuthOrdered order) {
        List<Timestamp> at = jdbc.queryForList("SELECT cancelled_at FROM cancelled_order WHERE order_id = ?",
                Timestamp.class, order.orderId());
        return at.isEmpty() ? null : at.get(0).toInstant();
    }

    private double withdrawnCount() {
        Matcher count = WITHDRAWN_COUNT.matcher(scrape());
        return count.find() ? Double.parseDouble(count.group(1)) : 0;
    }
}
