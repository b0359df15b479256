package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.provisioning.adapter.ProvisioningWorker;
import io.extauth.testsupport.NetworkRoundTrips;
import io.extauth.testsupport.RoundTrips;
import io.extauth.testsupport.VendorSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * What one order costs provisioning-service's database on the event path (issue 14): the round trips (statements,
 * commits) of its listener thread for an {@code AuthOrdered} handled alone, and of the worker for the order it
 * claims, provisions and settles. The worker polls only when the test says so here (no wake-up on new work, an hourly
 * poll), so its claim is counted: a wake-up's claim is the same statement on the runner's own thread.
 */
@Import(RoundTrips.class)
// the round trips counted on the wire too, the driver as a running service's (NetworkRoundTrips)
@TestPropertySource(properties = {"extauth.provisioning.worker.poll-interval=1h",
        "extauth.provisioning.worker.wake-on-new-work=false",
        NetworkRoundTrips.PROPERTY + "=" + NetworkRoundTrips.NAME, NetworkRoundTrips.PREPARE_THRESHOLD + "=1"})
class EventPathRoundTripsIntegrationTest extends ProvisioningIntegrationTestBase {

    @Autowired
    RoundTrips roundTrips;
    @Autowired
    ProvisioningWorker worker;

    @Test
    void anOrderCostsThreeRoundTripsToQueueAndTwoToProvision() {
        AuthOrdered order = phoneFactorOrder(newUser());

        roundTrips.reset();
        String eventId = upstream.sendBinary(Topics.AUTH_ORDERED, order);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox WHERE event_id = ?", Long.class, eventId) == 1);
        List<RoundTrips.RoundTrip> queueing = roundTrips.of(RoundTrips.LISTENERS);
        List<NetworkRoundTrips.Turn> queueingOnTheWire = roundTrips.onTheWire(RoundTrips.LISTENERS);

        String tester = Thread.currentThread().getName();
        roundTrips.reset();
        worker.poll();
        awaitOutcome(order);
        await("the slot is free and done").atMost(Duration.ofSeconds(10)).until(worker::isIdle);
        List<RoundTrips.RoundTrip> provisioning = roundTrips.of(name -> name.equals(tester)
                || name.startsWith("provisioning-worker-"));
        List<NetworkRoundTrips.Turn> provisioningOnTheWire = roundTrips.onTheWire(name -> name.equals(tester)
                || name.startsWith("provisioning-worker-"));

        // inbox, the order, commit
        assertThat(queueing).as("round trips of AuthOrdered: %s", queueing).hasSizeLessThanOrEqualTo(3);
        assertThat(queueingOnTheWire).as("on the wire, no more: %s", queueingOnTheWire)
                .isNotEmpty().hasSizeLessThanOrEqualTo(queueing.size());
        // the claim, then the outcome (which locks the claimed row itself) and its event in one statement that commits
        // by itself (Outbox.changeAndPublish); 4 while the outcome was a transaction (the outcome, then the outbox with
        // the commit), 5 before the slot that came free left the database alone after a claim that came back short
        // (it asked again and found nothing), 6 before that (the row locked by a statement of its own first)
        assertThat(provisioning).as("round trips of the worker: %s", provisioning).hasSizeLessThanOrEqualTo(2);
        assertThat(provisioningOnTheWire).as("on the wire, no more: %s", provisioningOnTheWire)
                .isNotEmpty().hasSizeLessThanOrEqualTo(provisioning.size());
    }

    @Test
    void aRemovalAtTheVendorCostsTheWorkerTwoRoundTrips() {
        AuthOrdered order = phoneFactorOrder(newUser());
        String ordered = upstream.sendBinary(Topics.AUTH_ORDERED, order);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox WHERE event_id = ?", Long.class, ordered) == 1);
        roundTrips.reset();
        worker.poll();
        awaitOutcome(order);
        await("the slot is free and done").atMost(Duration.ofSeconds(10)).until(worker::isIdle);
        String cancelled = upstream.sendBinary(Topics.AUTH_ORDERED, cancellation(order));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox WHERE event_id = ?", Long.class, cancelled) == 1);

        String tester = Thread.currentThread().getName();
        roundTrips.reset();
        worker.poll();
        await("removed at the vendor").atMost(Duration.ofSeconds(30))
                .until(() -> "CANCELLED".equals(row(order.orderId()).get("status")));
        await("the slot is free and done").atMost(Duration.ofSeconds(10)).until(worker::isIdle);
        List<RoundTrips.RoundTrip> removal = roundTrips.of(name -> name.equals(tester)
                || name.startsWith("provisioning-worker-"));
        List<NetworkRoundTrips.Turn> removalOnTheWire = roundTrips.onTheWire(name -> name.equals(tester)
                || name.startsWith("provisioning-worker-"));

        // the claim, then the outcome (which locks the claimed row itself) as one statement that commits by itself; 3
        // while it was a transaction (the outcome, commit), 4 before the slot that came free left the database alone
        // after a claim that came back short, 5 before that (the row locked by a statement of its own first)
        assertThat(removal).as("round trips of the worker: %s", removal).hasSizeLessThanOrEqualTo(2);
        assertThat(removalOnTheWire).as("on the wire, no more: %s", removalOnTheWire)
                .isNotEmpty().hasSizeLessThanOrEqualTo(removal.size());
    }

    @Test
    void aRemovalWhoseCauseChangedWhileTheVendorWasAskedIsSettledForTheCauseItHasNow() {
        AuthOrdered order = phoneFactorOrder(newUser());
        String ordered = upstream.sendBinary(Topics.AUTH_ORDERED, order);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox WHERE event_id = ?", Long.class, ordered) == 1);
        worker.poll();
        awaitOutcome(order);
        // as a cancellation read after the provisioning moves it (ProvisioningRecords.removeAtVendor)
        jdbc.update("""
                UPDATE provisioning SET status = 'DEPROVISIONING', undo_cause = 'CANCELLED', next_attempt_at = now()
                WHERE order_id = ?""", order.orderId());

        VendorSimulator.latency(600); // the read timeout here is 1 s
        try {
            worker.poll();
            await("the worker claimed the removal").atMost(Duration.ofSeconds(10))
                    .until(() -> row(order.orderId()).get("lease_token") != null);
            // as a deactivation read meanwhile moves it: still to be removed, now for another cause
            jdbc.update("UPDATE provisioning SET undo_cause = 'DEACTIVATED' WHERE order_id = ?", order.orderId());
        } finally {
            VendorSimulator.latency(0);
        }

        await("the worker recorded its outcome").atMost(Duration.ofSeconds(30))
                .until(() -> row(order.orderId()).get("lease_token") == null);
        assertThat(row(order.orderId()).get("status")).as("decided for the cause the row has now")
                .isEqualTo("DEPROVISIONED");
    }

    @Test
    void anAnswerForAnOrderCancelledWhileTheVendorWasAskedIsKeptForTheRemovalAndNotAnnounced() {
        AuthOrdered order = phoneFactorOrder(newUser());
        String eventId = upstream.sendBinary(Topics.AUTH_ORDERED, order);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox WHERE event_id = ?", Long.class, eventId) == 1);

        VendorSimulator.latency(600); // the read timeout here is 1 s
        try {
            worker.poll();
            await("the worker claimed the order").atMost(Duration.ofSeconds(10))
                    .until(() -> row(order.orderId()).get("lease_token") != null);
            // as a cancellation read meanwhile moves it (ProvisioningRecords.removeAtVendor): the lease stays
            jdbc.update("""
                    UPDATE provisioning SET status = 'DEPROVISIONING', undo_cause = 'CANCELLED',
                                            next_attempt_at = now() + interval '1 hour' WHERE order_id = ?""",
                    order.orderId());
        } finally {
            VendorSimulator.latency(0);
        }

        await("the worker recorded its outcome").atMost(Duration.ofSeconds(30))
                .until(() -> row(order.orderId()).get("lease_token") == null);
        Map<String, Object> row = row(order.orderId());
        assertThat(row.get("status")).as("the outcome decided on the row as it was then").isEqualTo("DEPROVISIONING");
        assertThat(row.get("vendor_ref")).as("what the vendor said, for the removal: %s", row).isNotNull();
        assertThat(row.get("failure_reason")).isNull();
        await("no Provisioned").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> outcomesOf(order).isEmpty());
    }
}
