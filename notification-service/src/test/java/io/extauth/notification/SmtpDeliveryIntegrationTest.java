package io.extauth.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.notification.mail.adapter.MailWorker;
import io.extauth.testsupport.TestJwt;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

/** Delivery over SMTP: outages, refused addresses and several workers, every e-mail sent exactly once. */
@SuppressWarnings({"rawtypes", "unchecked"})
class SmtpDeliveryIntegrationTest extends NotificationIntegrationTestBase {

    @Autowired
    MailWorker contextWorker;

    @Test
    void anSmtpOutageInTheMiddleOfAStreamEndsWithEveryEmailSentExactlyOnce() {
        List<AuthOrdered> orders = IntStream.range(0, 12)
                .mapToObj(i -> order(i % 2 == 0 ? AuthType.PHONEFACTOR : AuthType.SYMANTEC_VIP,
                        i % 2 == 0 ? null : "VSST0000000" + (i % 10)))
                .toList();
        orders.forEach(order -> upstream.sendBinary(Topics.AUTH_ORDERED, order));
        List<AuthOrdered> before = orders.subList(0, 4);
        List<AuthOrdered> during = orders.subList(4, 12);
        before.forEach(order -> upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order)));
        await("the mails before the outage arrive").atMost(Duration.ofSeconds(30))
                .until(() -> before.stream().allMatch(order -> !mailsTo(order.email()).isEmpty()));

        int port = stopSmtp();
        try {
            during.forEach(order -> upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order)));
            await("every mail of the outage is tried again while SMTP is down").atMost(Duration.ofSeconds(30))
                    .until(() -> during.stream().allMatch(order -> attemptsOfOrder(order) >= 2));
            assertThat(during).allSatisfy(order -> assertThat(sentEventsOf(order)).isEmpty());
        } finally {
            startSmtpOn(port);
        }

        await("every mail is sent, its EmailSent published and seen").atMost(Duration.ofSeconds(60))
                .until(() -> orders.stream().allMatch(order -> "SENT".equals(statusOfOrder(order)))
                        && jdbc.queryForObject("SELECT count(*) FROM outbox", Integer.class) == 0
                        && orders.stream().allMatch(order -> !sentEventsOf(order).isEmpty()));
        for (AuthOrdered order : orders) {
            assertThat(mailsTo(order.email())).as("mails to " + order.userId()).singleElement();
            assertThat(sentEventsOf(order)).as("EmailSent of " + order.orderId()).singleElement()
                    .satisfies(sent -> assertThat(sent.messageId())
                            .isEqualTo(mailsTo(order.email()).get(0).messageId()));
        }
        assertThat(received().stream().map(message -> ReceivedMail.of(message).messageId()))
                .doesNotHaveDuplicates();
    }

    @Test
    void aMalformedAddressIsRecordedAsAFailureWithItsReasonOnTheTimelineAndNotRetried() {
        String userId = "user-" + UUID.randomUUID();
        AuthOrdered order = new AuthOrdered(ACCOUNT, userId, "o-" + UUID.randomUUID(), AuthType.PHONEFACTOR, null,
                "jane.doe@", null, new BigDecimal("4.00"), OrderChannel.PORTAL, Instant.now());
        // the contact first: the two topics are read by different listeners, and a mail claimed before its order's
        // contact is known waits for it, which is an attempt of its own on the timeline
        awaitHandled(upstream.sendBinary(Topics.AUTH_ORDERED, order));
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));

        await("the mail is recorded as failed").atMost(Duration.ofSeconds(30))
                .until(() -> "FAILED".equals(statusOfOrder(order)));

        ResponseEntity<List<Map<String, Object>>> timeline = emailsOf(userId, TestJwt.admin(ACCOUNT));
        assertThat(timeline.getBody()).singleElement().satisfies(mail -> assertThat(mail)
                .containsEntry("status", "FAILED").containsEntry("attempts", 1)
                .containsEntry("template", "provisioned-phonefactor")
                .hasEntrySatisfying("failureReason", reason -> assertThat(String.valueOf(reason))
                        .startsWith("bad address").doesNotContain("jane.doe@")));
        assertThat(attemptsOfOrder(order)).as("not retried").isEqualTo(1);
        assertThat(sentEventsOf(order)).isEmpty();
    }

    @Test
    void aMailThatCannotBeSentIsCountedAsFailedByTemplateAndReasonWhereTheDashboardLooks() throws IOException {
        AuthOrdered order = new AuthOrdered(ACCOUNT, "user-" + UUID.randomUUID(), "o-" + UUID.randomUUID(),
                AuthType.SYMANTEC_VIP, "VSST00000001", "nobody@", null, new BigDecimal("4.00"), OrderChannel.PORTAL,
                Instant.now());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));

        await("the failure is counted").atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scrape())
                .containsPattern("extauth_emails_failed_total\\{outcome=\"FAILED\",reason=\"BAD_ADDRESS\","
                        + "template=\"provisioned-symantec-vip\"} [1-9]"));
        assertThat(Files.readString(Path.of("../ops/grafana/extauth-dashboard.json")))
                .as("the dashboard shows what this service exports").contains("extauth_emails_failed_total");
    }

    @Test
    void threeWorkerInstancesOnOneDatabaseSendEveryMailOnce() {
        MailWorker second = beans.createBean(MailWorker.class);
        MailWorker third = beans.createBean(MailWorker.class);
        List<AuthOrdered> orders = IntStream.range(0, 16)
                .mapToObj(i -> order(AuthType.PHONEFACTOR, null)).toList();
        List<AuthOrdered> whileContextWorkerPaused = orders.subList(0, 8);
        List<AuthOrdered> allThree = orders.subList(8, 16);
        // the first half while the context's own worker claims nothing: the other two must do it (not left to timing:
        // one instance polling every 100 ms with eight free places can take a whole trickle of sixteen by itself)
        contextWorker.stop();
        try {
            sendOrdered(whileContextWorkerPaused);
            await("the other instances send the first half").atMost(Duration.ofSeconds(60))
                    .until(() -> allSentAndSeen(whileContextWorkerPaused));
            assertThat(contextWorker.isRunning()).isFalse();
            contextWorker.start();
            sendOrdered(allThree);
            await("every mail is sent and its EmailSent seen").atMost(Duration.ofSeconds(60))
                    .until(() -> allSentAndSeen(orders));
        } finally {
            contextWorker.start();
            beans.destroyBean(second);
            beans.destroyBean(third);
        }

        assertThat(second.claimedSoFar() + third.claimedSoFar()).as("the other instances did work")
                .isGreaterThanOrEqualTo(whileContextWorkerPaused.size());
        assertThat(orders).allSatisfy(order -> {
            assertThat(mailsTo(order.email())).singleElement();
            assertThat(attemptsOfOrder(order)).as("claimed once").isEqualTo(1);
            assertThat(sentEventsOf(order)).hasSize(1);
        });
    }

    /** The orders' contacts first (see the malformed address above: each mail is then claimed once), then the mails. */
    private void sendOrdered(List<AuthOrdered> orders) {
        orders.stream().map(order -> upstream.sendBinary(Topics.AUTH_ORDERED, order)).toList()
                .forEach(this::awaitHandled);
        orders.forEach(order -> upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order)));
    }

    private boolean allSentAndSeen(List<AuthOrdered> orders) {
        return orders.stream().allMatch(order -> "SENT".equals(statusOfOrder(order)) && !sentEventsOf(order).isEmpty());
    }
}
