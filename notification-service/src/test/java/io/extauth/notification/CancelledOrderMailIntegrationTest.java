package io.extauth.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.testsupport.TestJwt;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * order-service may take a cancel before it reads the order's {@code Provisioned}; provisioning-service then removes
 * the vendor's user. The provisioning e-mail that tells the user to activate it is withdrawn while it is not sent yet
 * (WITHDRAWN on the timeline, no {@code EmailSent}), whichever of the two topics is read first; one already sent stays
 * sent. Before, it went out and sent the user to a factor that was gone.
 */
class CancelledOrderMailIntegrationTest extends NotificationIntegrationTestBase {

    @Test
    void aProvisionedReadAfterItsOrdersCancelIsWithdrawnAndMailsNobody() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        Instant cancelledAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        upstream.sendBinary(Topics.AUTH_ORDERED, cancel(order, cancelledAt));
        // a second cancel of the order (another admin, a replay with a new id): the first one's time is kept
        upstream.sendBinary(Topics.AUTH_ORDERED, cancel(order, cancelledAt.plusSeconds(60)));
        await("the order is kept as cancelled").atMost(Duration.ofSeconds(30))
                .until(() -> cancelledAt(order) != null);

        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));

        assertThat(await("the provisioning e-mail's outcome").atMost(Duration.ofSeconds(30))
                .until(() -> statusOfOrder(order), CancelledOrderMailIntegrationTest::settled)).isEqualTo("WITHDRAWN");
        assertThat(cancelledAt(order)).isEqualTo(cancelledAt);
        assertThat(scrape()).containsPattern("extauth_emails_withdrawn_total\\{template=\"provisioned-phonefactor\"} "
                + "[1-9]");
        assertThat(mailsTo(order.email())).isEmpty();
        assertThat(sentEventsOf(order)).isEmpty();
        List<Map<String, Object>> timeline = emailsOf(order.userId(), TestJwt.admin(ACCOUNT)).getBody();
        assertThat(timeline).singleElement().satisfies(entry -> {
            assertThat(entry).containsEntry("status", "WITHDRAWN").containsEntry("template", "provisioned-phonefactor")
                    .containsEntry("orderId", order.orderId());
            assertThat((String) entry.get("failureReason")).contains("order " + order.orderId() + " was cancelled",
                    "not told to activate");
            assertThat(entry.get("sentAt")).isNull();
            assertThat(entry.get("nextAttemptAt")).isNull();
        });
    }

    @Test
    void aProvisioningMailWaitingOutAnSmtpOutageIsWithdrawnWhenItsOrderIsCancelled() {
        AuthOrdered order = order(AuthType.SYMANTEC_VIP, "VSST87654321");
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        await("the order's contact is kept").atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM contact WHERE order_id = ?", Integer.class, order.orderId()) == 1);
        int port = stopSmtp();
        try {
            upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));
            await("the e-mail is tried while SMTP is down").atMost(Duration.ofSeconds(30))
                    .until(() -> attemptsOfOrder(order) >= 1 && "PENDING".equals(statusOfOrder(order)));

            upstream.sendBinary(Topics.AUTH_ORDERED, cancel(order, Instant.now()));
            await("the order is kept as cancelled").atMost(Duration.ofSeconds(30))
                    .until(() -> cancelledAt(order) != null);
        } finally {
            startSmtpOn(port);
        }

        assertThat(await("the e-mail's outcome at its next attempt").atMost(Duration.ofSeconds(90))
                .until(() -> statusOfOrder(order), CancelledOrderMailIntegrationTest::settled)).isEqualTo("WITHDRAWN");
        assertThat(mailsTo(order.email())).isEmpty();
        assertThat(sentEventsOf(order)).isEmpty();
    }

    @Test
    void anOrderCancelledAfterItsMailWasSentLeavesTheMailSentAndOtherOrdersAreMailed() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));
        assertThat(awaitMailTo(order.email())).hasSize(1);
        await("SENT is recorded").atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(statusOfOrder(order)));

        upstream.sendBinary(Topics.AUTH_ORDERED, cancel(order, Instant.now()));
        await("the order is kept as cancelled").atMost(Duration.ofSeconds(30))
                .until(() -> cancelledAt(order) != null);

        assertThat(statusOfOrder(order)).isEqualTo("SENT");
        assertThat(sentEventsOf(order)).hasSize(1);
        assertThat(mailsTo(order.email())).hasSize(1);
    }

    /** An e-mail's status once the worker is done with it: not queued, not waiting. */
    private static boolean settled(String status) {
        return !"NONE".equals(status) && !"PENDING".equals(status);
    }

    private static OrderCancelled cancel(AuthOrdered order, Instant at) {
        return new OrderCancelled(order.accountId(), order.userId(), order.orderId(), "admin-1", at);
    }

    private Instant cancelledAt(AuthOrdered order) {
        List<java.sql.Timestamp> at = jdbc.queryForList("SELECT cancelled_at FROM contact WHERE order_id = ?",
                java.sql.Timestamp.class, order.orderId());
        return at.isEmpty() || at.get(0) == null ? null : at.get(0).toInstant();
    }
}
