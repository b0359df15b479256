package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.provisioning.adapter.ProvisioningWorker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * With {@code wake-on-new-work=false} a queued order waits for the worker's next poll: the counterpart of
 * {@link WorkAddedIntegrationTest}, so that its promptness is the wake-up's and nothing else's.
 */
@TestPropertySource(properties = {"extauth.provisioning.worker.poll-interval=1h",
        "extauth.provisioning.worker.wake-on-new-work=false"})
class WorkWaitsForThePollWithoutWakeUpIntegrationTest extends ProvisioningIntegrationTestBase {

    @Autowired
    ProvisioningWorker worker;

    @Test
    void aQueuedOrderIsNotClaimedBeforeTheNextPoll() {
        AuthOrdered order = phoneFactorOrder(newUser());
        String eventId = upstream.sendBinary(Topics.AUTH_ORDERED, order);
        await("queued").atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox WHERE event_id = ?", Long.class, eventId) == 1);

        await("not claimed while no poll comes").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                .until(() -> attempts(order.orderId()) == 0);

        worker.poll();
        awaitOutcome(order);
        assertThat(attempts(order.orderId())).isEqualTo(1);
    }
}
