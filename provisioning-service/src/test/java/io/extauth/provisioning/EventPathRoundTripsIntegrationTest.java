package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.provisioning.adapter.ProvisioningWorker;
import io.extauth.testsupport.RoundTrips;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * What one order costs provisioning-service's database on the event path (issue 14): the round trips (statements,
 * commits) of its listener thread for an {@code AuthOrdered} handled alone, and of the worker for the order it
 * claims, provisions and settles. The worker polls only when the test says so here, so its claim is counted.
 */
@Import(RoundTrips.class)
@TestPropertySource(properties = "extauth.provisioning.worker.poll-interval=1h")
class EventPathRoundTripsIntegrationTest extends ProvisioningIntegrationTestBase {

    @Autowired
    RoundTrips roundTrips;
    @Autowired
    ProvisioningWorker worker;

    @Test
    void anOrderCostsThreeRoundTripsToQueueAndFiveToProvision() {
        AuthOrdered order = phoneFactorOrder(newUser());

        roundTrips.reset();
        String eventId = upstream.sendBinary(Topics.AUTH_ORDERED, order);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox WHERE event_id = ?", Long.class, eventId) == 1);
        List<RoundTrips.RoundTrip> queueing = roundTrips.of(RoundTrips.LISTENERS);

        String tester = Thread.currentThread().getName();
        roundTrips.reset();
        worker.poll();
        awaitOutcome(order);
        // a slot that comes free claims the next due work at once (none here): the end of this order's work
        await("the slot's next claim").atMost(Duration.ofSeconds(10)).until(() -> roundTrips
                .of(name -> name.startsWith("provisioning-worker-")).stream()
                .anyMatch(trip -> trip.sql().contains("SKIP LOCKED")));
        List<RoundTrips.RoundTrip> provisioning = roundTrips.of(name -> name.equals(tester)
                || name.startsWith("provisioning-worker-"));

        // inbox, the order, commit
        assertThat(queueing).as("round trips of AuthOrdered: %s", queueing).hasSizeLessThanOrEqualTo(3);
        // the claim, the row locked for its outcome, the outcome, the outbox, commit, the slot's next claim
        assertThat(provisioning).as("round trips of the worker: %s", provisioning).hasSizeLessThanOrEqualTo(6);
    }
}
