package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Provisioned;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The worker claims an order as soon as the listener's transaction that queued it commits (wake-on-new-work, the
 * default), not at its next poll: here the poll comes once an hour (the first at start), so only the wake-up can have
 * claimed the work in time. {@link WorkWaitsForThePollWithoutWakeUpIntegrationTest} shows the same order waiting
 * without it.
 */
@TestPropertySource(properties = "extauth.provisioning.worker.poll-interval=1h")
class WorkAddedIntegrationTest extends ProvisioningIntegrationTestBase {

    @Test
    void anOrderIsProvisionedOnceItsTransactionCommitsWithoutWaitingForTheHourlyPoll() {
        AuthOrdered order = phoneFactorOrder(newUser());

        upstream.sendBinary(Topics.AUTH_ORDERED, order);

        assertThat(awaitOutcome(order).is(Provisioned.class)).isTrue();
        assertThat(attempts(order.orderId())).as("claimed once").isEqualTo(1);
    }

    @Test
    void aCancelledOrderIsRemovedAtTheVendorOnceItsTransactionCommitsWithoutWaitingForTheHourlyPoll() {
        AuthOrdered order = phoneFactorOrder(newUser());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        awaitOutcome(order);

        upstream.sendBinary(Topics.AUTH_ORDERED, cancellation(order));

        await("removed at the vendor").atMost(Duration.ofSeconds(30))
                .until(() -> "CANCELLED".equals(row(order.orderId()).get("status")));
    }

    @Test
    void ordersThatArriveTogetherAreAllProvisionedWithoutWaitingForTheHourlyPoll() {
        var orders = orders(12);

        orders.forEach(order -> upstream.sendBinary(Topics.AUTH_ORDERED, order));

        awaitEveryOrderSettledAndPublished(orders);
        assertThat(orders).allSatisfy(order -> assertThat(attempts(order.orderId())).as("claimed once").isEqualTo(1));
    }
}
