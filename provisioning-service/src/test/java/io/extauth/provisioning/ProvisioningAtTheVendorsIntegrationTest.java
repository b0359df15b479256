package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.messaging.consumer.DeadLetters;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.VendorSimulator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;

/** Orders provisioned, cancelled and deprovisioned at PhoneFactor and Symantec VIP, and what is announced. */
class ProvisioningAtTheVendorsIntegrationTest extends ProvisioningIntegrationTestBase {

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
                Instant.now()));

        await("VIP no longer binds the credential").atMost(Duration.ofSeconds(30)).until(
                () -> VendorSimulator.statusOf("/vip/credentials/{id}", order.credentialId()).value() == 404);
    }

    @Test
    void anOrderReadAfterItsUsersDeactivationIsNeverProvisionedAndALaterOrderIs() {
        String user = newUser();
        Instant deactivatedAt = Instant.now();
        AuthOrdered before = new AuthOrdered(ACCOUNT, user, "o-" + UUID.randomUUID(), AuthType.PHONEFACTOR,
                null, "jane.doe@example.com", null, new BigDecimal("4.00"), OrderChannel.PORTAL,
                deactivatedAt.minusSeconds(60));
        // auth.activated read before auth.ordered: the admin's deactivation of an order that was still underway
        upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, user, "admin-1234", deactivatedAt));
        await("the deactivation is read").atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM user_deactivation WHERE account_id = ? AND user_id = ?", Integer.class, ACCOUNT,
                user) == 1);
        upstream.sendBinary(Topics.AUTH_ORDERED, before);

        await().atMost(Duration.ofSeconds(30)).until(() -> attemptsOrMinusOne(before.orderId()) == 0);
        assertThat(row(before.orderId())).containsEntry("status", "CANCELLED").containsEntry("undo_cause",
                "DEACTIVATED");
        // a re-order placed after the deactivation is provisioned; behind the first on the partition, so it is done
        AuthOrdered reorder = phoneFactorOrder(user);
        upstream.sendBinary(Topics.AUTH_ORDERED, reorder);
        assertThat(awaitOutcome(reorder).is(Provisioned.class)).isTrue();
        assertThat(outcomesOf(before)).as("no vendor answer for the order the admin ended").isEmpty();
        assertThat(row(before.orderId())).containsEntry("attempts", 0);
    }

    private int attemptsOrMinusOne(String orderId) {
        List<Integer> attempts = jdbc.queryForList("SELECT attempts FROM provisioning WHERE order_id = ?",
                Integer.class, orderId);
        return attempts.isEmpty() ? -1 : attempts.get(0);
    }
}
