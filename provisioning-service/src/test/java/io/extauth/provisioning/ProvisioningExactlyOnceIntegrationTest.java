package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.Provisioned;
import io.extauth.provisioning.adapter.ProvisioningWorker;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.VendorSimulator;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;

/** Each order is provisioned exactly once through redeliveries, vendor outages, timeouts and several workers. */
class ProvisioningExactlyOnceIntegrationTest extends ProvisioningIntegrationTestBase {

    @Test
    void aRowOfATypeThisVersionDoesNotKnowHoldsUpNoOtherOrderAndIsLeftUntouched() {
        List<AuthOrdered> others = List.of(phoneFactorOrder(newUser()), phoneFactorOrder(newUser()),
                vipOrder(newUser(), newCredentialId()));
        String later = "o-later-" + UUID.randomUUID();
        Instant due = Instant.now().minus(Duration.ofMinutes(5));
        // one statement: the next claim (four slots and four ahead) would take the later version's row, due first,
        // with the three others
        StringBuilder sql = new StringBuilder("""
                INSERT INTO provisioning (order_id, account_id, user_id, type, credential_id, email, ordered_at,
                                          status, attempts, next_attempt_at, created_at, updated_at) VALUES
                (?, ?, ?, 'FIDO2_KEY', NULL, 'jane.doe@example.com', ?, 'PENDING', 0, ?, ?, ?)""");
        // the later version's row is the first order's user's: that user's deactivation must still be handled
        List<Object> arguments = new ArrayList<>(List.of(later, ACCOUNT, others.get(0).userId(), Timestamp.from(due),
                Timestamp.from(due), Timestamp.from(due), Timestamp.from(due)));
        for (int i = 0; i < others.size(); i++) {
            AuthOrdered order = others.get(i);
            Timestamp at = Timestamp.from(due.plusMillis(i + 1));
            sql.append(", (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)");
            arguments.addAll(Arrays.asList(order.orderId(), order.accountId(), order.userId(), order.type().name(),
                    order.credentialId(), order.email(), at, at, at, at));
        }
        jdbc.update(sql.toString(), arguments.toArray());
        try {
            others.forEach(this::awaitOutcome);
            assertThat(others).allSatisfy(order -> {
                assertThat(outcomesOf(order)).hasSize(1);
                assertThat(row(order.orderId())).containsEntry("status", "PROVISIONED").containsEntry("attempts", 1);
            });
            assertThat(row(later)).as("left to the instances of the version that wrote it")
                    .containsEntry("status", "PENDING").containsEntry("attempts", 0).containsEntry("lease_token", null);
            // a deactivation of the user as written before it named its order: the user's orders this version reads
            AuthOrdered first = others.get(0);
            upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, first.userId(), "admin-1234",
                    Instant.now().plusSeconds(1)));
            await("the user's known order taken back").atMost(Duration.ofSeconds(30))
                    .until(() -> "DEPROVISIONED".equals(row(first.orderId()).get("status")));
            assertThat(row(later)).containsEntry("status", "PENDING").containsEntry("attempts", 0);
        } finally {
            jdbc.update("DELETE FROM provisioning WHERE order_id = ?", later);
        }
    }

    @Test
    void aRedeliveredOrderWithTheSameEventIdIsProvisionedOnce() {
        String userId = newUser();
        AuthOrdered order = phoneFactorOrder(userId);
        String eventId = UUID.randomUUID().toString();
        upstream.sendBinary(Topics.AUTH_ORDERED, order, eventId);
        upstream.sendBinary(Topics.AUTH_ORDERED, order, eventId);

        // the order's own outcome first: the marker may be provisioned by another worker before it
        awaitOutcome(order);
        awaitMarkerBehind(userId);

        assertThat(outcomesOf(order)).hasSize(1);
        assertThat(row(order.orderId())).containsEntry("attempts", 1);
    }

    @Test
    void theSameOrderRepublishedWithANewEventIdIsProvisionedOnce() {
        String userId = newUser();
        AuthOrdered order = vipOrder(userId, newCredentialId());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);

        // the order's own outcome first: the marker may be provisioned by another worker before it
        awaitOutcome(order);
        awaitMarkerBehind(userId);

        assertThat(outcomesOf(order)).hasSize(1);
        assertThat(row(order.orderId())).containsEntry("attempts", 1);
    }

    @Test
    void anOrderArrivingDuringAVendorOutageIsProvisionedOnceTheOutageIsLifted() {
        AuthOrdered order = phoneFactorOrder(newUser());
        VendorSimulator.outage(true);
        try {
            upstream.sendBinary(Topics.AUTH_ORDERED, order);
            await("the vendor is tried again while it is down").atMost(Duration.ofSeconds(30))
                    .until(() -> attempts(order.orderId()) >= 2);
            assertThat(outcomesOf(order)).isEmpty();
        } finally {
            VendorSimulator.outage(false);
        }

        RecordedEvent provisioned = awaitOutcome(order);

        assertThat(provisioned.type()).isEqualTo("Provisioned");
        awaitMarkerBehind(order.userId());
        assertThat(outcomesOf(order)).hasSize(1);
        assertThat(row(order.orderId())).containsEntry("status", "PROVISIONED");
        assertThat(attempts(order.orderId())).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aCallThatTimedOutAfterTheVendorDidItsPartIsRetriedWithoutASecondRegistration() {
        AuthOrdered order = vipOrder(newUser(), newCredentialId());
        VendorSimulator.latency(1_500);
        try {
            upstream.sendBinary(Topics.AUTH_ORDERED, order);
            await("the timed-out call is tried again").atMost(Duration.ofSeconds(30))
                    .until(() -> attempts(order.orderId()) >= 2);
        } finally {
            VendorSimulator.latency(0);
        }

        RecordedEvent provisioned = awaitOutcome(order);

        // the simulator bound the credential on the first, timed-out call; the retry with the same idempotency key
        // got that binding back instead of a refusal (CREDENTIAL_BOUND_ELSEWHERE) or a second binding
        assertThat(provisioned.type()).isEqualTo("Provisioned");
        Map<String, Object> binding = VendorSimulator.client().get()
                .uri("/vip/credentials/{id}", order.credentialId()).retrieve()
                .body(new ParameterizedTypeReference<Map<String, Object>>() { });
        assertThat(binding).containsEntry("vendorRef", provisioned.as(Provisioned.class).vendorRef());
        awaitMarkerBehind(order.userId());
        assertThat(outcomesOf(order)).hasSize(1);
    }

    @Test
    void aVendorOutageInTheMiddleOfAStreamOfOrdersEndsWithEveryOrderProvisionedExactlyOnce() {
        List<AuthOrdered> before = orders(10);
        List<AuthOrdered> during = orders(10);
        List<AuthOrdered> after = orders(10);
        before.forEach(order -> upstream.sendBinary(Topics.AUTH_ORDERED, order));
        VendorSimulator.outage(true);
        try {
            during.forEach(order -> upstream.sendBinary(Topics.AUTH_ORDERED, order));
            // no order waits behind another: every one is tried, and tried again, while the vendor is down
            await("every order of the outage is tried again while the vendor is down")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> during.stream().allMatch(order -> attempts(order.orderId()) >= 2));
            assertThat(during).allSatisfy(order -> assertThat(outcomesOf(order)).isEmpty());
        } finally {
            VendorSimulator.outage(false);
        }
        after.forEach(order -> upstream.sendBinary(Topics.AUTH_ORDERED, order));

        List<AuthOrdered> all = new ArrayList<>(before);
        all.addAll(during);
        all.addAll(after);
        awaitEveryOrderSettledAndPublished(all);

        for (AuthOrdered order : all) {
            List<RecordedEvent> outcomes = outcomesOf(order);
            assertThat(outcomes).as(order.orderId()).singleElement()
                    .satisfies(event -> assertThat(event.type()).isEqualTo("Provisioned"));
            String keySeenByVendor = order.type() == AuthType.PHONEFACTOR
                    ? VendorSimulator.phoneFactorIdempotencyKey(outcomes.get(0).as(Provisioned.class).vendorRef())
                    : VendorSimulator.vipIdempotencyKey(order.credentialId());
            assertThat(keySeenByVendor).as("the vendor saw the order's idempotency key").isEqualTo(order.orderId());
        }
        assertThat(during).allSatisfy(order -> assertThat(row(order.orderId()).get("last_error")).isNull());
    }

    @Test
    void ordersOfOtherUsersKeepProgressingWhileTheVendorFailsMostCalls() {
        List<AuthOrdered> stream = orders(12);
        VendorSimulator.errorRate(0.7);
        try {
            stream.forEach(order -> upstream.sendBinary(Topics.AUTH_ORDERED, order));
            await("every order is provisioned despite the failures").atMost(Duration.ofSeconds(60))
                    .until(() -> stream.stream().allMatch(order -> !outcomesOf(order).isEmpty()));
        } finally {
            VendorSimulator.errorRate(0.0);
        }
        awaitEveryOrderSettledAndPublished(stream);

        assertThat(stream).allSatisfy(order -> assertThat(outcomesOf(order)).singleElement()
                .satisfies(event -> assertThat(event.type()).isEqualTo("Provisioned")));
        assertThat(stream.stream().mapToInt(order -> attempts(order.orderId())).sum())
                .as("failed calls were retried").isGreaterThan(stream.size());
    }

    @Test
    void aDeactivationDuringAVendorOutageDeprovisionsOnceTheVendorIsBack() {
        AuthOrdered order = vipOrder(newUser(), newCredentialId());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        awaitOutcome(order);
        VendorSimulator.outage(true);
        try {
            upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, order.userId(), "admin-1234",
                    Instant.now()));
            await("the removal is tried again while the vendor is down").atMost(Duration.ofSeconds(30))
                    .until(() -> ((Number) row(order.orderId()).get("deprovision_attempts")).intValue() >= 2);
            assertThat(VendorSimulator.statusOf("/vip/credentials/{id}", order.credentialId()).value())
                    .isEqualTo(200);
        } finally {
            VendorSimulator.outage(false);
        }

        await("VIP no longer binds the credential").atMost(Duration.ofSeconds(30)).until(
                () -> VendorSimulator.statusOf("/vip/credentials/{id}", order.credentialId()).value() == 404);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "DEPROVISIONED".equals(row(order.orderId()).get("status")));
    }

    @Test
    void threeWorkerInstancesOnOneDatabaseNeverCallTheVendorTwiceForAnOrder() {
        ProvisioningWorker second = beans.createBean(ProvisioningWorker.class);
        ProvisioningWorker third = beans.createBean(ProvisioningWorker.class);
        List<AuthOrdered> stream = orders(24);
        VendorSimulator.latency(150);
        try {
            stream.forEach(order -> upstream.sendBinary(Topics.AUTH_ORDERED, order));
            awaitEveryOrderSettledAndPublished(stream);
        } finally {
            VendorSimulator.latency(0);
            beans.destroyBean(second);
            beans.destroyBean(third);
        }

        assertThat(second.claimedSoFar()).as("the second instance did work").isPositive();
        assertThat(third.claimedSoFar()).as("the third instance did work").isPositive();
        assertThat(stream).allSatisfy(order -> {
            assertThat(attempts(order.orderId())).as("claimed once").isEqualTo(1);
            assertThat(outcomesOf(order)).hasSize(1);
        });
    }
}
