package io.extauth.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.EmailWithdrawn;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.messaging.consumer.DeadLetters;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestJwt;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An admin may switch a factor off while its provisioning e-mail waits (an SMTP outage, a backlog);
 * provisioning-service then removes the vendor's user. That e-mail, if not sent yet, is withdrawn as a cancelled order's is
 * ({@link CancelledOrderMailIntegrationTest}): WITHDRAWN on the timeline, an {@code EmailWithdrawn} instead of an
 * {@code EmailSent}. Before, it went out and told the user to activate a factor that was gone.
 */
class DeactivatedOrderMailIntegrationTest extends NotificationIntegrationTestBase {

    @Test
    void aProvisioningMailWaitingOutAnSmtpOutageIsWithdrawnWhenItsFactorIsDeactivated() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        awaitHandled(upstream.sendBinary(Topics.AUTH_ORDERED, order));
        int port = stopSmtp();
        Instant deactivatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try {
            upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));
            await("the e-mail is tried while SMTP is down").atMost(Duration.ofSeconds(30))
                    .until(() -> attemptsOfOrder(order) >= 1 && "PENDING".equals(statusOfOrder(order)));

            awaitHandled(upstream.sendBinary(Topics.AUTH_ACTIVATED, deactivation(order, deactivatedAt)));
            // a second deactivation naming the order (a replay with a new id): the first one's time is kept
            awaitHandled(upstream.sendBinary(Topics.AUTH_ACTIVATED,
                    deactivation(order, deactivatedAt.plusSeconds(60))));

            // still down: the next attempt withdraws it without asking SMTP
            assertThat(await("the e-mail's outcome at its next attempt").atMost(Duration.ofSeconds(90))
                    .until(() -> statusOfOrder(order), status -> !"PENDING".equals(status))).isEqualTo("WITHDRAWN");
        } finally {
            startSmtpOn(port);
        }
        EmailWithdrawn withdrawn = topics.awaitEvent(EmailWithdrawn.class, order.userId());
        assertThat(withdrawn.orderId()).isEqualTo(order.orderId());
        assertThat(withdrawn.template()).isEqualTo("provisioned-phonefactor");
        assertThat(withdrawn.reason()).contains("the factor of order " + order.orderId() + " was deactivated at "
                + deactivatedAt);
        assertThat(deactivatedAt(order)).isEqualTo(deactivatedAt);
        List<Map<String, Object>> timeline = emailsOf(order.userId(), TestJwt.admin(ACCOUNT)).getBody();
        assertThat(timeline).singleElement().satisfies(entry -> {
            assertThat(entry).containsEntry("status", "WITHDRAWN").containsEntry("orderId", order.orderId());
            assertThat((String) entry.get("failureReason")).contains("deactivated", "not told to activate");
        });
        assertThat(mailsTo(order.email())).isEmpty();
        assertThat(sentEventsOf(order)).isEmpty();
    }

    /** Read before the order's {@code Provisioned} (another topic, read at another pace): the same. */
    @Test
    void aDeactivationReadBeforeTheProvisionedWithdrawsItsMail() {
        AuthOrdered order = order(AuthType.SYMANTEC_VIP, "VSST12345678");
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        awaitHandled(upstream.sendBinary(Topics.AUTH_ACTIVATED, deactivation(order, Instant.now())));

        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));

        assertThat(topics.awaitEvent(EmailWithdrawn.class, order.userId()).template())
                .isEqualTo("provisioned-symantec-vip");
        assertThat(statusOfOrder(order)).isEqualTo("WITHDRAWN");
        assertThat(mailsTo(order.email())).isEmpty();
    }

    /** Cancelled and deactivated both: the cancel is the reason given, once. */
    @Test
    void anOrderCancelledAndDeactivatedIsWithdrawnOnceForItsCancel() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        awaitHandled(upstream.sendBinary(Topics.AUTH_ACTIVATED, deactivation(order, Instant.now())));
        awaitHandled(upstream.sendBinary(Topics.AUTH_ORDERED, new OrderCancelled(order.accountId(), order.userId(),
                order.orderId(), "admin-1", Instant.now())));

        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));

        assertThat(topics.awaitEvent(EmailWithdrawn.class, order.userId()).reason())
                .contains("order " + order.orderId() + " was cancelled at ");
        assertThat(mailsTo(order.email())).isEmpty();
    }

    /** A factor deactivated after its provisioning e-mail went out: the e-mail stays sent. */
    @Test
    void aDeactivationAfterTheMailWasSentLeavesItSent() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));
        assertThat(awaitMailTo(order.email())).hasSize(1);
        topics.awaitEvent(EmailSent.class, e -> order.orderId().equals(e.orderId()));

        awaitHandled(upstream.sendBinary(Topics.AUTH_ACTIVATED, deactivation(order, Instant.now())));

        assertThat(deactivatedAt(order)).isNotNull();
        assertThat(statusOfOrder(order)).isEqualTo("SENT");
        assertThat(withdrawalsOf(order)).isZero();
    }

    /**
     * A careless or hostile writer of auth.activated: a {@code Deactivated} that names another user's order withdraws
     * nothing of that user's, and one that names no order (written before it had one) keeps nothing.
     */
    @Test
    void aDeactivationOfAnotherUsersOrderOrOfNoOrderWithdrawsNothing() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        String stranger = "user-" + UUID.randomUUID();
        awaitHandled(upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, stranger, "admin-1",
                Instant.now(), AuthType.PHONEFACTOR, order.orderId())));
        upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, order.userId(), "admin-1",
                Instant.now()));
        // the user's next record on the topic, of an earlier order: once it is kept, the one before it was read
        String earlierOrder = "o-" + UUID.randomUUID();
        awaitHandled(upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, order.userId(), "admin-1",
                Instant.now(), AuthType.PHONEFACTOR, earlierOrder)));

        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));

        assertThat(awaitMailTo(order.email())).hasSize(1);
        assertThat(topics.awaitEvent(EmailSent.class, e -> order.orderId().equals(e.orderId())).template())
                .isEqualTo("provisioned-phonefactor");
        assertThat(statusOfOrder(order)).isEqualTo("SENT");
        assertThat(jdbc.queryForList("SELECT order_id FROM deactivated_order WHERE user_id = ?", String.class,
                order.userId())).containsExactly(earlierOrder);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM deactivated_order WHERE user_id = ?", Integer.class,
                stranger)).isOne();
    }

    /**
     * A {@code Deactivated} whose {@code orderId} no index can hold (thousands of characters): dead-lettered with the
     * reason, nothing kept, and the user's next record on the topic is handled.
     */
    @Test
    void aDeactivationNamingAnOrderIdNoIndexCanHoldIsDeadLetteredAndKeepsNothing() {
        String userId = "user-" + UUID.randomUUID();
        StringBuilder huge = new StringBuilder("o-");
        while (huge.length() < 12_000) {
            huge.append(UUID.randomUUID());
        }
        upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, userId, "admin-1", Instant.now(),
                AuthType.PHONEFACTOR, huge.toString()));

        RecordedEvent dead = topics.awaitEvent(Topics.deadLetterOf(Topics.AUTH_ACTIVATED), e -> userId.equals(e.key()));

        assertThat(dead.headers().get(DeadLetters.REASON_HEADER)).contains("too large");
        awaitHandled(upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, userId, "admin-1",
                Instant.now(), AuthType.PHONEFACTOR, "o-" + UUID.randomUUID())));
        assertThat(jdbc.queryForList("SELECT order_id FROM deactivated_order WHERE user_id = ?", String.class, userId))
                .singleElement().asString().hasSizeLessThan(64);
    }

    private static Deactivated deactivation(AuthOrdered order, Instant at) {
        return new Deactivated(order.accountId(), order.userId(), "admin-1", at, order.type(), order.orderId());
    }

    private Instant deactivatedAt(AuthOrdered order) {
        List<Timestamp> at = jdbc.queryForList("SELECT deactivated_at FROM deactivated_order WHERE order_id = ?",
                Timestamp.class, order.orderId());
        return at.isEmpty() ? null : at.get(0).toInstant();
    }

    private long withdrawalsOf(AuthOrdered order) {
        return topics.events(Topics.AUTH_EMAIL_SENT, e -> e.is(EmailWithdrawn.class)
                && order.orderId().equals(e.as(EmailWithdrawn.class).orderId())).size();
    }
}
