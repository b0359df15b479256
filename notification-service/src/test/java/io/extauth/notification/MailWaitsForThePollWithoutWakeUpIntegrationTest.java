package io.extauth.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.notification.mail.adapter.MailWorker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * With {@code wake-on-new-work=false} a queued e-mail waits for the mail worker's next poll: the counterpart of
 * {@link MailWorkAddedIntegrationTest}, so that its promptness is the wake-up's and nothing else's.
 */
@TestPropertySource(properties = {"extauth.mail.worker.poll-interval=1h",
        "extauth.mail.worker.wake-on-new-work=false"})
class MailWaitsForThePollWithoutWakeUpIntegrationTest extends NotificationIntegrationTestBase {

    @Autowired
    MailWorker worker;

    @Test
    void aQueuedEmailIsNotClaimedBeforeTheNextPoll() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        awaitHandled(upstream.sendBinary(Topics.AUTH_ORDERED, order));
        awaitHandled(upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order)));

        await("not claimed while no poll comes").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                .until(() -> attemptsOfOrder(order) == 0);

        worker.poll();
        assertThat(awaitMailTo(order.email())).singleElement();
        assertThat(attemptsOfOrder(order)).isEqualTo(1);
    }
}
