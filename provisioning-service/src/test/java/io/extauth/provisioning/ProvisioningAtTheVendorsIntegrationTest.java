package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.messaging.consumer.DeadLetters;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ResponseEntity;

/** Orders provisioned, cancelled and deprovisioned at PhoneFactor and Symantec VIP, and what is announced. */
class ProvisioningAtTheVendorsIntegrationTest extends ProvisioningIntegrationTestBase {

    @Autowired
    DataSource dataSource;

    @Test
    void phoneFactorOrderCreatesTheUserAtPhoneFactorAndAnnouncesItsVendorRef() {
        AuthOrdered order = phoneFactorOrder(newUser());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);

        RecordedEvent record = awaitOutcome(order);

        assertThat(record.type()).isEqualTo("Provisioned");
        assertThat(record.key()).isEqualTo(order.userId());
        Provisioned provisioned = record.as(Provisioned.class);
        assertThat(provisioned.type()).isEqualTo(AuthType.PHONEFACTOR);
        assertThat(provisioned.vendorRef()).startsWith("PF-");
        assertThat(provisioned.provisionedAt()).isNotNull();
        assertThat(VendorSimulator.statusOf("/phonefactor/users/{ref}", provisioned.vendorRef()).value())
                .isEqualTo(200);
        assertThat(record.value()).as("the address is in no byte of the record").doesNotContain(order.email());
        assertThat(row(order.orderId())).containsEntry("status", "PROVISIONED").containsEntry("attempts", 1)
                .containsEntry("vendor_ref", provisioned.vendorRef());
    }

    @Test
    void symantecOrderRegistersTheCredentialAtVipAndAnnouncesItsVendorRef() {
        AuthOrdered order = vipOrder(newUser(), newCredentialId());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);

        RecordedEvent record = awaitOutcome(order);

        assertThat(record.type()).isEqualTo("Provisioned");
        Provisioned provisioned = record.as(Provisioned.class);
        assertThat(provisioned.type()).isEqualTo(AuthType.SYMANTEC_VIP);
        assertThat(provisioned.vendorRef()).startsWith("VIP-");
        Map<String, Object> binding = VendorSimulator.client().get()
                .uri("/vip/credentials/{id}", order.credentialId()).retrieve()
                .body(new ParameterizedTypeReference<Map<String, Object>>() { });
        assertThat(binding).containsEntry("vendorRef", provisioned.vendorRef());
    }

    @Test
    void credentialUnknownToVipFailsTheOrderWithTheVendorsReasonWithoutRetrying() {
        AuthOrdered order = vipOrder(newUser(), "NOT-A-CREDENTIAL");
        upstream.sendBinary(Topics.AUTH_ORDERED, order);

        RecordedEvent record = awaitOutcome(order);

        assertThat(record.type()).isEqualTo("ProvisioningFailed");
        ProvisioningFailed failed = record.as(ProvisioningFailed.class);
        assertThat(failed.reason()).startsWith("CREDENTIAL_UNKNOWN").contains("NOT-A-CREDENTIAL");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(row(order.orderId())).containsEntry("status", "FAILED");
    }

    @Test
    void aSymantecOrderWithoutCredentialIsDeadLetteredWithTheReason() {
        AuthOrdered order = vipOrder(newUser(), null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);

        RecordedEvent dead = topics.awaitEvent(Topics.deadLetterOf(Topics.AUTH_ORDERED),
                e -> order.userId().equals(e.key()));

        assertThat(dead.headers().get(DeadLetters.REASON_HEADER)).contains("InvalidEventException")
                .contains("credentialId");
        assertThat(outcomesOf(order)).isEmpty();
    }

    @Test
    void anOrderCancelledBeforeItIsProvisionedIsNeverProvisioned() {
        AuthOrdered order = vipOrder(newUser(), newCredentialId());
        VendorSimulator.outage(true);
        try {
            upstream.sendBinary(Topics.AUTH_ORDERED, order);
            await().atMost(Duration.ofSeconds(30)).until(() -> attempts(order.orderId()) >= 1);
            upstream.sendBinary(Topics.AUTH_ORDERED, cancellation(order));
            await("the cancellation is recorded").atMost(Duration.ofSeconds(30))
                    .until(() -> !"PENDING".equals(row(order.orderId()).get("status")));
        } finally {
            VendorSimulator.outage(false);
        }

        await("the order ends cancelled").atMost(Duration.ofSeconds(30))
                .until(() -> "CANCELLED".equals(row(order.orderId()).get("status")));
        awaitMarkerBehind(order.userId());
        assertThat(outcomesOf(order)).isEmpty();
        assertThat(VendorSimulator.statusOf("/vip/credentials/{id}", order.credentialId()).value())
                .isEqualTo(404);
    }

    @Test
    void anOrderCancelledAfterItWasProvisionedIsRemovedAtTheVendor() {
        AuthOrdered order = phoneFactorOrder(newUser());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        String vendorRef = awaitOutcome(order).as(Provisioned.class).vendorRef();

        upstream.sendBinary(Topics.AUTH_ORDERED, cancellation(order));

        await("PhoneFactor no longer knows the user").atMost(Duration.ofSeconds(30)).until(
                () -> VendorSimulator.statusOf("/phonefactor/users/{ref}", vendorRef).value() == 404);
        await().atMost(Duration.ofSeconds(10)).until(() -> "CANCELLED".equals(row(order.orderId()).get("status")));
    }

    @Test
    void deactivationDeletesTheUserAtPhoneFactor() {
        AuthOrdered order = phoneFactorOrder(newUser());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        String vendorRef = awaitOutcome(order).as(Provisioned.class).vendorRef();

        upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, order.userId(), "admin-1234",
                Instant.now()));

        await("PhoneFactor no longer knows the user").atMost(Duration.ofSeconds(30)).until(
                () -> VendorSimulator.statusOf("/phonefactor/users/{ref}", vendorRef).value() == 404);
        await().atMost(Duration.ofSeconds(10)).until(() -> "DEPROVISIONED".equals(row(order.orderId()).get("status")));
    }

    @Test
    void deactivationUnbindsTheCredentialAtVip() {
        AuthOrdered order = vipOrder(newUser(), newCredentialId());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        awaitOutcome(order);

        upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, order.userId(), "admin-1234",
                Instant.now(), AuthType.SYMANTEC_VIP, order.orderId()));

        await("VIP no longer binds the credential").atMost(Duration.ofSeconds(30)).until(
                () -> VendorSimulator.statusOf("/vip/credentials/{id}", order.credentialId()).value() == 404);
    }

    @Test
    void takingBackAnOrderLeavesItsCredentialBoundWhileTheUsersReorderOfItReliesOnIt() {
        String user = newUser();
        String credentialId = newCredentialId();
        AuthOrdered first = vipOrder(user, credentialId);
        upstream.sendBinary(Topics.AUTH_ORDERED, first);
        assertThat(awaitOutcome(first).is(Provisioned.class)).isTrue();
        // the re-order of the same token, read here before the first order's end (another topic): VIP answers the
        // binding it holds
        AuthOrdered reorder = vipOrder(user, credentialId);
        upstream.sendBinary(Topics.AUTH_ORDERED, reorder);
        assertThat(awaitOutcome(reorder).is(Provisioned.class)).isTrue();

        upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, user, "admin-1234", Instant.now(),
                AuthType.SYMANTEC_VIP, first.orderId()));

        await("the first order taken back").atMost(Duration.ofSeconds(30))
                .until(() -> "DEPROVISIONED".equals(row(first.orderId()).get("status")));
        assertThat(row(reorder.orderId())).containsEntry("status", "PROVISIONED");
        assertThat(VendorSimulator.statusOf("/vip/credentials/{id}", credentialId).value())
                .as("the re-order's credential still bound at VIP").isEqualTo(200);
    }

    @Test
    void aReorderThatInheritedTheBindingAndIsCancelledBeforeItWasTriedStillUnbindsTheCredential() {
        String user = newUser();
        String credentialId = newCredentialId();
        AuthOrdered first = vipOrder(user, credentialId);
        upstream.sendBinary(Topics.AUTH_ORDERED, first);
        awaitOutcome(first);
        // the re-order, read here but not yet tried (due only in an hour): the first order's removal leaves the
        // binding to it
        AuthOrdered reorder = vipOrder(user, credentialId);
        Timestamp later = Timestamp.from(Instant.now().plus(Duration.ofHours(1)));
        jdbc.update("""
                INSERT INTO provisioning (order_id, account_id, user_id, type, credential_id, email, ordered_at,
                                          status, attempts, next_attempt_at, created_at, updated_at)
                VALUES (?, ?, ?, 'SYMANTEC_VIP', ?, ?, ?, 'PENDING', 0, ?, ?, ?)""", reorder.orderId(), ACCOUNT, user,
                credentialId, reorder.email(), Timestamp.from(reorder.orderedAt()), later, later, later);
        upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, user, "admin-1234", Instant.now(),
                AuthType.SYMANTEC_VIP, first.orderId()));
        await("the first order taken back, its binding left to the re-order").atMost(Duration.ofSeconds(30))
                .until(() -> "DEPROVISIONED".equals(row(first.orderId()).get("status")));
        assertThat(VendorSimulator.statusOf("/vip/credentials/{id}", credentialId).value()).isEqualTo(200);

        upstream.sendBinary(Topics.AUTH_ORDERED, cancellation(reorder));

        await("the inherited binding removed").atMost(Duration.ofSeconds(30)).until(
                () -> VendorSimulator.statusOf("/vip/credentials/{id}", credentialId).value() == 404);
        await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(row(reorder.orderId()).get("status")));
    }

    /**
     * The outcome only: which of the two rules acts (the re-order waiting for the removal, or the removal leaving the
     * binding to the re-order) depends on which check runs second, and the removal's retries here soon see the re-order.
     */
    @Test
    void aReorderReadWhileTheEarlierOrdersRemovalCannotReachVipEndsBoundAfterIt() {
        String user = newUser();
        String credentialId = newCredentialId();
        AuthOrdered first = vipOrder(user, credentialId);
        upstream.sendBinary(Topics.AUTH_ORDERED, first);
        awaitOutcome(first);
        // the first order's removal cannot reach VIP for now: it stays under way
        VendorSimulator.outage(true);
        try {
            upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, user, "admin-1234", Instant.now(),
                    AuthType.SYMANTEC_VIP, first.orderId()));
            await("the removal under way").atMost(Duration.ofSeconds(30))
                    .until(() -> "DEPROVISIONING".equals(row(first.orderId()).get("status"))
                            && ((Number) row(first.orderId()).get("deprovision_attempts")).intValue() >= 1);
            AuthOrdered reorder = vipOrder(user, credentialId);
            upstream.sendBinary(Topics.AUTH_ORDERED, reorder);
            await("the re-order read").atMost(Duration.ofSeconds(30)).until(() -> rows(reorder.orderId()) == 1);
            VendorSimulator.outage(false);

            assertThat(awaitOutcome(reorder).is(Provisioned.class)).isTrue();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> "DEPROVISIONED".equals(row(first.orderId()).get("status")));
            assertThat(VendorSimulator.statusOf("/vip/credentials/{id}", credentialId).value())
                    .as("bound after the removal, not unbound by it").isEqualTo(200);
        } finally {
            VendorSimulator.outage(false);
        }
    }

    @Test
    void anOrderWhoseDeactivationIsReadFirstIsNeverProvisionedAndALaterOrderIs() {
        String user = newUser();
        AuthOrdered ended = phoneFactorOrder(user);
        // auth.activated read before auth.ordered: an admin deactivated the order challenge-service had read
        upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, user, "admin-1234", Instant.now(),
                AuthType.PHONEFACTOR, ended.orderId()));
        await("the deactivation is read").atMost(Duration.ofSeconds(30)).until(() -> rows(ended.orderId()) == 1);
        assertThat(row(ended.orderId())).containsEntry("status", "CANCELLED").containsEntry("email", null);
        assertThat(provisioning(ended.orderId())).as("a cancelled order, before its AuthOrdered is read")
                .containsEntry("status", "CANCELLED").containsEntry("type", "PHONEFACTOR");

        upstream.sendBinary(Topics.AUTH_ORDERED, ended);
        await("the order is read").atMost(Duration.ofSeconds(30)).until(
                () -> row(ended.orderId()).get("email") != null);
        assertThat(row(ended.orderId())).containsEntry("status", "CANCELLED")
                .containsEntry("undo_cause", "DEACTIVATED").containsEntry("attempts", 0)
                .containsEntry("next_attempt_at", null).containsEntry("email", ended.email());
        // the user's re-order is provisioned; behind the first on the partition, so that one was handled by then
        AuthOrdered reorder = phoneFactorOrder(user);
        upstream.sendBinary(Topics.AUTH_ORDERED, reorder);
        assertThat(awaitOutcome(reorder).is(Provisioned.class)).isTrue();
        assertThat(outcomesOf(ended)).as("no vendor answer for the order the admin ended").isEmpty();
        assertThat(row(ended.orderId())).containsEntry("attempts", 0).containsEntry("status", "CANCELLED");
    }

    @Test
    void anOrderWhoseCancellationIsReadFirstIsNeverProvisionedAndALaterOrderIs() {
        String user = newUser();
        AuthOrdered cancelled = phoneFactorOrder(user);
        // its AuthOrdered was dead-lettered (a database outage outlasted the retries); the cancellation that followed
        // it on auth.ordered is read, and the order is replayed from the dead letters afterwards
        upstream.sendBinary(Topics.AUTH_ORDERED, new OrderCancelled(ACCOUNT, user, cancelled.orderId(), "portal",
                Instant.now()));
        await("the cancellation is read").atMost(Duration.ofSeconds(30)).until(() -> rows(cancelled.orderId()) == 1);
        assertThat(row(cancelled.orderId())).containsEntry("status", "CANCELLED").containsEntry("type", null);
        assertThat(get("/api/provisionings/" + cancelled.orderId(), TestJwt.admin(ACCOUNT)).getStatusCode().value())
                .as("nothing to show before its order is read").isEqualTo(404);

        upstream.sendBinary(Topics.AUTH_ORDERED, cancelled);
        await("the order is read").atMost(Duration.ofSeconds(30)).until(
                () -> row(cancelled.orderId()).get("email") != null);
        assertThat(row(cancelled.orderId())).containsEntry("status", "CANCELLED")
                .containsEntry("undo_cause", "CANCELLED").containsEntry("type", "PHONEFACTOR")
                .containsEntry("attempts", 0).containsEntry("next_attempt_at", null);
        // the user's re-order is provisioned; behind the first on the partition, so that one was handled by then
        AuthOrdered reorder = phoneFactorOrder(user);
        upstream.sendBinary(Topics.AUTH_ORDERED, reorder);
        assertThat(awaitOutcome(reorder).is(Provisioned.class)).isTrue();
        assertThat(outcomesOf(cancelled)).as("no vendor answer for the cancelled order").isEmpty();
        assertThat(provisioning(cancelled.orderId())).containsEntry("status", "CANCELLED");
    }

    @Test
    void aDeactivationThatNamesItsOrderTakesBackThatOrderOnlyWhateverTheClocksSay() {
        String user = newUser();
        // the order challenge-service deactivated: never provisioned here, dropped
        AuthOrdered ended = phoneFactorOrder(user);
        // the user's re-order, read here first, placed by a clock behind challenge-service's
        AuthOrdered reorder = phoneFactorOrder(user);
        upstream.sendBinary(Topics.AUTH_ORDERED, reorder);
        String vendorRef = awaitOutcome(reorder).as(Provisioned.class).vendorRef();

        upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, user, "admin-1234",
                reorder.orderedAt().plusSeconds(1), AuthType.PHONEFACTOR, ended.orderId()));
        await("the deactivation is read").atMost(Duration.ofSeconds(30)).until(() -> rows(ended.orderId()) == 1);
        // its row is written in the deactivation's transaction: the deactivation has been handled whole

        assertThat(row(reorder.orderId())).as("the re-order stays").containsEntry("status", "PROVISIONED");
        assertThat(VendorSimulator.statusOf("/phonefactor/users/{ref}", vendorRef).value()).isEqualTo(200);
    }

    @Test
    void aDeactivationReadWhileItsOrderIsBeingRecordedWaitsForItAndTakesItBack() throws Exception {
        String user = newUser();
        AuthOrdered order = phoneFactorOrder(user);
        Instant now = Instant.now();
        // an AuthOrdered handled at this very moment on another consumer thread: its row inserted, not committed
        try (Connection accepting = dataSource.getConnection()) {
            accepting.setAutoCommit(false);
            try (PreparedStatement insert = accepting.prepareStatement("""
                    INSERT INTO provisioning (order_id, account_id, user_id, type, email, ordered_at, status, attempts,
                                              next_attempt_at, created_at, updated_at)
                    VALUES (?, ?, ?, 'PHONEFACTOR', ?, ?, 'PENDING', 0, ?, ?, ?)""")) {
                Timestamp at = Timestamp.from(now.plus(Duration.ofHours(1)));
                insert.setString(1, order.orderId());
                insert.setString(2, ACCOUNT);
                insert.setString(3, user);
                insert.setString(4, order.email());
                insert.setTimestamp(5, Timestamp.from(order.orderedAt()));
                insert.setTimestamp(6, at);
                insert.setTimestamp(7, Timestamp.from(now));
                insert.setTimestamp(8, Timestamp.from(now));
                insert.executeUpdate();
            }
            upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, user, "admin-1234", now,
                    AuthType.PHONEFACTOR, order.orderId()));
            await("the deactivation's handler waits on the order's row").atMost(Duration.ofSeconds(30)).until(
                    () -> waitingOnALock() > 0);
            accepting.commit();
        }

        await("the order is taken back").atMost(Duration.ofSeconds(30)).until(
                () -> "CANCELLED".equals(row(order.orderId()).get("status")));
        assertThat(row(order.orderId())).containsEntry("undo_cause", "DEACTIVATED")
                .containsEntry("next_attempt_at", null).containsEntry("attempts", 0);
    }

    @Test
    void aDeactivationThatNamesAnotherUsersOrderReadFirstLeavesThatUsersOrderToBeProvisioned() {
        String careless = newUser();
        AuthOrdered order = phoneFactorOrder(newUser());
        upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, careless, "admin-1234", Instant.now(),
                AuthType.PHONEFACTOR, order.orderId()));
        await("the deactivation is read").atMost(Duration.ofSeconds(30)).until(() -> rows(order.orderId()) == 1);

        upstream.sendBinary(Topics.AUTH_ORDERED, order);

        assertThat(awaitOutcome(order).is(Provisioned.class)).as("the order's own user's AuthOrdered decides").isTrue();
        assertThat(row(order.orderId())).containsEntry("user_id", order.userId()).containsEntry("status",
                "PROVISIONED").containsEntry("undo_cause", null);
    }

    @Test
    void aCancellationThatNamesAnotherUsersProvisionedOrderLeavesItProvisionedAtTheVendor() {
        AuthOrdered order = phoneFactorOrder(newUser());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        String vendorRef = awaitOutcome(order).as(Provisioned.class).vendorRef();
        String careless = newUser();

        upstream.sendBinary(Topics.AUTH_ORDERED, new OrderCancelled(ACCOUNT, careless, order.orderId(), "admin-1234",
                Instant.now()));
        upstream.sendBinary(Topics.AUTH_ORDERED, new OrderCancelled("9876", order.userId(),
                order.orderId(), "admin-1234", Instant.now()));
        awaitMarkerBehind(careless);
        awaitMarkerBehind(order.userId());

        assertThat(row(order.orderId())).containsEntry("user_id", order.userId()).containsEntry("status",
                "PROVISIONED").containsEntry("undo_cause", null);
        assertThat(VendorSimulator.statusOf("/phonefactor/users/{ref}", vendorRef).value())
                .as("PhoneFactor still knows the user").isEqualTo(200);
    }

    private int rows(String orderId) {
        return jdbc.queryForObject("SELECT count(*) FROM provisioning WHERE order_id = ?", Integer.class, orderId);
    }

    private Map<String, Object> provisioning(String orderId) {
        ResponseEntity<Map> answer = get("/api/provisionings/" + orderId, TestJwt.admin(ACCOUNT));
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        return answer.getBody();
    }

    private int waitingOnALock() {
        return jdbc.queryForObject("""
                SELECT count(*) FROM pg_stat_activity
                WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO provisioning%'""", Integer.class);
    }
}
