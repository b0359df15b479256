package io.extauth.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The mail worker claims an e-mail as soon as the listener's transaction that queued it commits (wake-on-new-work, the
 * default), not at its next poll: here the poll comes once an hour (the first at start), so only the wake-up can have
 * claimed the e-mail in time. {@link MailWaitsForThePollWithoutWakeUpIntegrationTest} shows the same e-mail waiting
 * without it.
 */
@TestPropertySource(properties = "extauth.mail.worker.poll-interval=1h")
class MailWorkAddedIntegrationTest extends NotificationIntegrationTestBase {

    @Test
    void anOrdersEmailIsSentOnceItsTransactionCommitsWithoutWaitingForTheHourlyPoll() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        // the contact first: an e-mail claimed before it would be tried again only at the next poll, an hour away
        awaitHandled(upstream.sendBinary(Topics.AUTH_ORDERED, order));

        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));

        assertThat(awaitMailTo(order.email())).singleElement();
        await("its EmailSent").atMost(Duration.ofSeconds(30)).until(() -> sentEventsOf(order).size() == 1);
        assertThat(attemptsOfOrder(order)).as("claimed once").isEqualTo(1);
    }
}
